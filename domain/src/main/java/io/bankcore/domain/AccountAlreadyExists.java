package io.bankcore.domain;

public final class AccountAlreadyExists extends DomainException {

    public AccountAlreadyExists(String accountNumber) {
        super(ErrorCode.ACCOUNT_ALREADY_EXISTS, "Account with number " + accountNumber + " already exists.");
    }
}
