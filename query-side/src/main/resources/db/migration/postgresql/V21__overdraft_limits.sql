-- Overdraft limits: an account's balance may go below zero, down to minus its limit (a limit lowered
-- below what the account uses leaves it further below until credits bring it back). The balance is
-- therefore no longer checked against zero, nor the reserved total against the balance; what a debit
-- may take (balance + limit - reserved) is decided by the account itself and checked by the audit.
alter table account_balance add column overdraft_limit_minor bigint default 0 not null;
alter table account_balance drop constraint account_balance_not_negative;
alter table account_balance drop constraint account_balance_reserved_within;
alter table account_balance add constraint account_balance_reserved_not_negative check (reserved_minor >= 0);
alter table account_balance add constraint account_balance_overdraft_limit_not_negative
    check (overdraft_limit_minor >= 0);
