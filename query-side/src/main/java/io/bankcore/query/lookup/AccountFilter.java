package io.bankcore.query.lookup;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * What a list of accounts is restricted to; an empty set or a null means no restriction. {@code
 * createdFrom} is inclusive and {@code createdTo} exclusive. Each restriction is one condition of the
 * query (see {@link AccountSearch}), so a new one (such as metadata) is one more field and condition.
 */
public record AccountFilter(
        Set<String> statuses, String currency, Instant createdFrom, Instant createdTo, Map<String, String> metadata) {

    public static final AccountFilter NONE = new AccountFilter(Set.of(), null, null, null, Map.of());

    public AccountFilter {
        statuses = Set.copyOf(statuses);
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }
}
