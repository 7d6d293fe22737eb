package io.bankcore.api;

/**
 * One page of an account's ledger, newest first: at most {@code limit} entries whose sequence is
 * below {@code beforeSequence} (all of them when it is null).
 */
public record GetTransactionsQuery(String accountNumber, int limit, Long beforeSequence) {}
