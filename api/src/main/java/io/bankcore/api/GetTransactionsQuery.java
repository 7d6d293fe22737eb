package io.bankcore.api;

/**
 * One page of an account's ledger, newest first: at most {@code limit} entries whose sequence is
 * below {@code beforeSequence} (all of them when it is null) and that pass the {@code filter}.
 */
public record GetTransactionsQuery(String accountNumber, int limit, Long beforeSequence, LedgerFilter filter) {

    public GetTransactionsQuery {
        filter = filter == null ? LedgerFilter.NONE : filter;
    }

    /** Every entry. */
    public GetTransactionsQuery(String accountNumber, int limit, Long beforeSequence) {
        this(accountNumber, limit, beforeSequence, LedgerFilter.NONE);
    }
}
