package io.bankcore.domain;

public final class SameAccountTransfer extends DomainException {

    public SameAccountTransfer(String detail) {
        super(ErrorCode.SAME_ACCOUNT, detail);
    }
}
