package io.bankcore.app.fuzz;

/** What the generator knows about a request: whether a 2xx answer to it is acceptable. */
enum Validity {
    /** Well-formed: any answer but a 5xx is fine (it may still be refused, e.g. unknown account). */
    VALID,
    /** Questionable (duplicate keys, {@code 1.0} as an amount, ...): a 2xx is noted, not failed. */
    DUBIOUS,
    /** Malformed: a 2xx is a finding. */
    INVALID;

    Validity and(Validity other) {
        return values()[Math.max(ordinal(), other.ordinal())];
    }
}
