package io.bankcore.api;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * What a page of a ledger is restricted to: entry types (any of them; empty for all), an interval of
 * {@code occurred_at} ({@code from} inclusive, {@code to} exclusive; null for open), a correlation id
 * (null for any), and metadata pairs that every line shown has (empty for any).
 */
public record LedgerFilter(
        Set<String> entryTypes, Instant from, Instant to, String correlationId, Map<String, String> metadata) {

    public static final LedgerFilter NONE = new LedgerFilter(Set.of(), null, null, null, Map.of());

    public LedgerFilter {
        entryTypes = Set.copyOf(entryTypes);
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    public LedgerFilter(Set<String> entryTypes, Instant from, Instant to, String correlationId) {
        this(entryTypes, from, to, correlationId, Map.of());
    }
}
