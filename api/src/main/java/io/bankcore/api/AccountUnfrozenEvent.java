package io.bankcore.api;

public record AccountUnfrozenEvent(String accountNumber) {}
