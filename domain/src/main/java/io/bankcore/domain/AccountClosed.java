package io.bankcore.domain;

public final class AccountClosed extends DomainException {

    public AccountClosed(AccountNumber number) {
        super(ErrorCode.ACCOUNT_CLOSED, "Account " + number.value() + " is closed.");
    }
}
