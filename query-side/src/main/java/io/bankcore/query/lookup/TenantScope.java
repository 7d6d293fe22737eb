package io.bankcore.query.lookup;

import java.util.Optional;

/**
 * Which accounts a look-up may see: every account, or only those whose numbers start with a tenant's
 * prefix (1 to 12 ASCII digits, checked where credentials are made). Every look-up of this package
 * takes one and writes it into its SQL, so a tenant's query never reads another tenant's rows.
 */
public final class TenantScope {

    private static final TenantScope ALL = new TenantScope(null);

    private final String prefix;

    private TenantScope(String prefix) {
        this.prefix = prefix;
    }

    public static TenantScope all() {
        return ALL;
    }

    /** Only accounts whose numbers start with {@code prefix}; refuses anything but ASCII digits. */
    public static TenantScope of(String prefix) {
        if (prefix == null || prefix.isEmpty() || !prefix.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("a tenant is an account-number prefix of ASCII digits");
        }
        return new TenantScope(prefix);
    }

    public static TenantScope of(Optional<String> prefix) {
        return prefix.map(TenantScope::of).orElse(ALL);
    }

    public boolean sees(String accountNumber) {
        return prefix == null || accountNumber.startsWith(prefix);
    }

    /**
     * Restricts {@code column} to the tenant's accounts: a LIKE on the prefix, and the same as a range
     * ({@code prefix <= column < next}) so that an index on the column serves it. Account numbers are
     * ASCII digits only, so the two say the same thing.
     */
    void restrict(Where where, String column) {
        if (prefix == null) {
            return;
        }
        where.and(column + " LIKE ?", prefix + "%");
        where.and(column + " >= ?", prefix);
        next(prefix).ifPresent(next -> where.and(column + " < ?", next));
    }

    /** The smallest string above every string starting with {@code prefix}: "129" -> "13"; none for "99". */
    static Optional<String> next(String prefix) {
        var digits = new StringBuilder(prefix);
        while (!digits.isEmpty()) {
            int last = digits.length() - 1;
            char c = digits.charAt(last);
            if (c < '9') {
                digits.setCharAt(last, (char) (c + 1));
                return Optional.of(digits.toString());
            }
            digits.setLength(last);
        }
        return Optional.empty();
    }
}
