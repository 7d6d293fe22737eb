package io.bankcore.api;

/** Final: the account takes no movement any more; its number is never given to another account. */
public record AccountClosedEvent(String accountNumber) {}
