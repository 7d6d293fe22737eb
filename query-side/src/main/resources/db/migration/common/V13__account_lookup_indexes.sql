-- Lists of accounts (GET /accounts) are in account-number order, which the primary key serves. A
-- filter on status or currency walks one of these in the same order from the cursor, so a page reads
-- about as many rows as it answers even when few accounts match; the opening time's range has its own.
create index account_balance_status_number_idx on account_balance (status, account_number);
create index account_balance_currency_number_idx on account_balance (currency, account_number);
create index account_balance_opened_idx on account_balance (opened_at);
