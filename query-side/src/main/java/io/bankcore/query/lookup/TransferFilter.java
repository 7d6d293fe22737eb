package io.bankcore.query.lookup;

import java.time.Instant;
import java.util.Set;

/**
 * What a list of transfers is restricted to: an account on either side (null for any), statuses (empty
 * for all), and an interval of the request time ({@code from} inclusive, {@code to} exclusive).
 */
public record TransferFilter(String accountNumber, Set<String> statuses, Instant from, Instant to) {

    public TransferFilter {
        statuses = Set.copyOf(statuses);
    }
}
