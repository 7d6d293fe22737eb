package io.bankcore.domain;

public final class InvalidCurrency extends DomainException {

    public InvalidCurrency(String detail) {
        super(ErrorCode.INVALID_CURRENCY, detail);
    }
}
