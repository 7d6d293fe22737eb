package io.bankcore.domain;

/**
 * The closed set of reasons an operation can be refused, ordered by the precedence in which they are
 * checked. {@code retryable} tells a client whether sending the same request again can succeed without
 * anything else changing first.
 */
public enum ErrorCode {
    INVALID_REQUEST(false),
    INVALID_AMOUNT(false),
    INVALID_CURRENCY(false),
    INVALID_ACCOUNT_NUMBER(false),
    SAME_ACCOUNT(false),
    ACCOUNT_NOT_FOUND(false),
    ACCOUNT_ALREADY_EXISTS(false),
    TRANSFER_NOT_FOUND(false),
    TRANSFER_NOT_PENDING(false),
    TRANSFER_NOT_COMPLETED(false),
    REVERSAL_EXCEEDS_TRANSFER(false),
    ACCOUNT_CLOSED(false),
    ACCOUNT_FROZEN(false),
    CURRENCY_MISMATCH(false),
    INSUFFICIENT_FUNDS(false),
    BALANCE_OVERFLOW(false),
    ACCOUNT_NOT_EMPTY(false),
    BATCH_REFUSED(false),
    CONCURRENT_UPDATE(true);

    private final boolean retryable;

    ErrorCode(boolean retryable) {
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
