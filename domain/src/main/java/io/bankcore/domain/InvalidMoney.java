package io.bankcore.domain;

public final class InvalidMoney extends DomainException {

    public InvalidMoney(String detail) {
        super(ErrorCode.INVALID_AMOUNT, detail);
    }
}
