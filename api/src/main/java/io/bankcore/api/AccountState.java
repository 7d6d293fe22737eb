package io.bankcore.api;

/**
 * The reply to an accepted account command: the account's state right after it, and the sequence
 * number of the account's last event, so a caller can wait until the read models have reached it.
 */
public record AccountState(
        String accountNumber, String accountId, long balanceMinor, String currency, long lastSequence) {}
