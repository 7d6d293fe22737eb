package io.bankcore.query.lookup;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * What a list of transfers is restricted to: an account on either side (null for any), statuses (empty
 * for all), an interval of the request time ({@code from} inclusive, {@code to} exclusive), and metadata
 * pairs the transfer was requested with (empty for any).
 */
public record TransferFilter(
        String accountNumber, Set<String> statuses, Instant from, Instant to, Map<String, String> metadata) {

    public TransferFilter {
        statuses = Set.copyOf(statuses);
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }
}
