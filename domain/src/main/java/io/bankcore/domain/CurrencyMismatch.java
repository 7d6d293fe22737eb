package io.bankcore.domain;

public final class CurrencyMismatch extends DomainException {

    public CurrencyMismatch(String detail) {
        super(ErrorCode.CURRENCY_MISMATCH, detail);
    }
}
