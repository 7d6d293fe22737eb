package io.bankcore.domain;

/** Closing needs a zero balance and no open reservation; the detail says which is missing. */
public final class AccountNotEmpty extends DomainException {

    public AccountNotEmpty(String detail) {
        super(ErrorCode.ACCOUNT_NOT_EMPTY, detail);
    }
}
