package io.bankcore.domain;

import java.util.Objects;

/**
 * A business rule refused an operation. Each subtype stands for exactly one {@link ErrorCode}; the
 * message is the human-readable reason that clients see as {@code detail}.
 */
public abstract sealed class DomainException extends RuntimeException
        permits InvalidMoney,
                InvalidCurrency,
                InvalidAccountNumber,
                SameAccountTransfer,
                AccountNotFound,
                AccountAlreadyExists,
                CurrencyMismatch,
                InsufficientFunds,
                BalanceOverflow,
                AccountFrozen,
                AccountClosed,
                AccountNotEmpty,
                TransferNotFound,
                TransferNotPending,
                TransferNotCompleted,
                ReversalExceedsTransfer,
                InvalidMetadata,
                TransferBatchRefused {

    private final ErrorCode code;

    protected DomainException(ErrorCode code, String detail) {
        // Domain refusals are expected outcomes, not bugs: no stack trace is worth its cost here.
        super(Objects.requireNonNull(detail, "detail"), null, false, false);
        this.code = Objects.requireNonNull(code, "code");
    }

    public ErrorCode code() {
        return code;
    }

    public String detail() {
        return getMessage();
    }
}
