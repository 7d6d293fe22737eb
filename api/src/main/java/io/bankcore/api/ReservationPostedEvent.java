package io.bankcore.api;

/**
 * On the source account's stream: a pending transfer was posted. Its hold of {@code releasedMinor} ended
 * and {@code amountMinor} (at most that) left the account; {@code balanceMinor} and {@code reservedMinor}
 * are the account's after it.
 */
public record ReservationPostedEvent(
        String accountNumber,
        String transferId,
        long amountMinor,
        long releasedMinor,
        String currency,
        long balanceMinor,
        long reservedMinor,
        String counterpartyAccountNumber)
        implements TransferEvent {}
