package io.bankcore.api;

/**
 * On the source account's stream: a pending transfer's hold ended without moving money ({@code reason}
 * {@code VOIDED} or {@code EXPIRED}); {@code reservedMinor} is the account's reserved total after it.
 */
public record ReservationReleasedEvent(
        String accountNumber, String transferId, long amountMinor, String currency, long reservedMinor, String reason)
        implements TransferEvent {}
