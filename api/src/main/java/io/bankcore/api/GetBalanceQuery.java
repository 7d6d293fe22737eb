package io.bankcore.api;

public record GetBalanceQuery(String accountNumber) {}
