package io.bankcore.api;

/** The account takes no movement in {@code direction} ({@code ALL}, {@code DEBITS}, {@code CREDITS}) until unfrozen. */
public record AccountFrozenEvent(String accountNumber, String direction, String reason) {}
