package io.bankcore.domain;

public final class InvalidAccountNumber extends DomainException {

    public InvalidAccountNumber(String detail) {
        super(ErrorCode.INVALID_ACCOUNT_NUMBER, detail);
    }
}
