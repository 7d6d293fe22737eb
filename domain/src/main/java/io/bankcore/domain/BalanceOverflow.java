package io.bankcore.domain;

public final class BalanceOverflow extends DomainException {

    public BalanceOverflow(String detail) {
        super(ErrorCode.BALANCE_OVERFLOW, detail);
    }
}
