package io.bankcore.api;

import java.time.Instant;
import java.util.Set;

/**
 * What a page of a ledger is restricted to: entry types (any of them; empty for all), an interval of
 * {@code occurred_at} ({@code from} inclusive, {@code to} exclusive; null for open) and a correlation
 * id (null for any).
 */
public record LedgerFilter(Set<String> entryTypes, Instant from, Instant to, String correlationId) {

    public static final LedgerFilter NONE = new LedgerFilter(Set.of(), null, null, null);

    public LedgerFilter {
        entryTypes = Set.copyOf(entryTypes);
    }
}
