package io.bankcore.domain;

/** The kinds of line in an account's ledger. */
public enum EntryType {
    DEPOSIT(Direction.CREDIT),
    WITHDRAWAL(Direction.DEBIT),
    TRANSFER_OUT(Direction.DEBIT),
    TRANSFER_IN(Direction.CREDIT),
    TRANSFER_REFUND(Direction.CREDIT),
    /** A reversal of a transfer, on the transfer's destination: the amount goes back. */
    REVERSAL_OUT(Direction.DEBIT),
    /** A reversal of a transfer, on the transfer's source: the amount comes back. */
    REVERSAL_IN(Direction.CREDIT);

    public enum Direction {
        CREDIT,
        DEBIT
    }

    private final Direction direction;

    EntryType(Direction direction) {
        this.direction = direction;
    }

    public Direction direction() {
        return direction;
    }

    /** The entry's effect on the balance: positive for credits, negative for debits. */
    public long signedAmount(long amountMinor) {
        return direction == Direction.CREDIT ? amountMinor : -amountMinor;
    }
}
