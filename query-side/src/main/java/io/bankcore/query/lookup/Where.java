package io.bankcore.query.lookup;

import io.bankcore.query.tables.MetadataMatch;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The conditions of a look-up's WHERE clause and their arguments, in order. Every value is bound as
 * an argument, never written into the SQL text; the column names come only from this package.
 */
final class Where {

    private final List<String> conditions = new ArrayList<>();
    private final List<Object> args = new ArrayList<>();

    Where and(String condition, Object... values) {
        conditions.add(condition);
        args.addAll(List.of(values));
        return this;
    }

    /** {@code column IN (?, ..., ?)}; nothing when {@code values} is empty (no restriction). */
    Where in(String column, Collection<String> values) {
        if (!values.isEmpty()) {
            conditions.add(column + " IN ("
                    + String.join(", ", values.stream().map(v -> "?").toList()) + ")");
            args.addAll(values);
        }
        return this;
    }

    /** The row's metadata has every pair of {@code wanted}; nothing when it is empty. */
    Where metadata(MetadataMatch match, java.util.Map<String, String> wanted) {
        var values = new ArrayList<Object>();
        conditions.addAll(match.conditions(wanted, values));
        args.addAll(values);
        return this;
    }

    /** {@code column = ?}; nothing when {@code value} is null (no restriction). */
    Where equal(String column, Object value) {
        return value == null ? this : and(column + " = ?", value);
    }

    /** The conditions joined by AND, with a leading {@code " WHERE "}; empty when there are none. */
    String sql() {
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    List<Object> args() {
        return List.copyOf(args);
    }

    Where copy() {
        var copy = new Where();
        copy.conditions.addAll(conditions);
        copy.args.addAll(args);
        return copy;
    }
}
