package io.bankcore.query.lookup;

import java.util.List;
import java.util.function.Function;

/** One page of a look-up, and the cursor of the next page (null on the last one). */
public record Page<T>(List<T> items, String next) {

    public Page {
        items = List.copyOf(items);
    }

    /**
     * The page out of {@code limit + 1} rows: the extra row only tells that a next page exists, whose
     * cursor is the last kept row's.
     */
    static <T> Page<T> of(List<T> rows, int limit, Function<T, String> cursor) {
        if (rows.size() <= limit) {
            return new Page<>(rows, null);
        }
        var page = rows.subList(0, limit);
        return new Page<>(page, cursor.apply(page.get(limit - 1)));
    }
}
