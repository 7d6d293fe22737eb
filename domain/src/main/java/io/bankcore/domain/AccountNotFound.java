package io.bankcore.domain;

public final class AccountNotFound extends DomainException {

    public AccountNotFound(String accountNumber) {
        super(ErrorCode.ACCOUNT_NOT_FOUND, "Account with number " + accountNumber + " not found.");
    }
}
