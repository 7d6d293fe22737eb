package io.bankcore.query.tables;

import io.bankcore.api.MetadataJson;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The SQL condition "the row's metadata has every one of these keys with exactly these values". On
 * PostgreSQL that is {@code metadata @> '{...}'}, which the partial GIN indexes of the read tables
 * serve. On the embedded database, whose column holds the canonical text of {@link MetadataJson}, each
 * pair is a regular expression over that text, anchored on the JSON structure around it: a quote in a
 * stored value is always escaped, so {@code ,"key":"value"} followed by {@code ,} or {@code }} can only be
 * that key with exactly that value.
 */
public final class MetadataMatch {

    private final boolean postgres;

    public MetadataMatch(boolean postgres) {
        this.postgres = postgres;
    }

    /** Appends {@code AND ...} conditions for {@code wanted} (nothing when it is empty) and their arguments. */
    public void append(StringBuilder sql, List<Object> args, Map<String, String> wanted) {
        for (String condition : conditions(wanted, args)) {
            sql.append(" AND ").append(condition);
        }
    }

    /** The conditions for {@code wanted}, their arguments added to {@code args}. */
    public List<String> conditions(Map<String, String> wanted, List<Object> args) {
        if (wanted.isEmpty()) {
            return List.of();
        }
        if (postgres) {
            args.add(MetadataJson.write(wanted));
            return List.of("metadata @> CAST(? AS JSONB)");
        }
        return wanted.entrySet().stream()
                .map(pair -> {
                    var text = new StringBuilder();
                    MetadataJson.string(text, pair.getKey());
                    text.append(':');
                    MetadataJson.string(text, pair.getValue());
                    args.add("[{,]" + Pattern.quote(text.toString()) + "[,}]");
                    return "REGEXP_LIKE(metadata, ?)";
                })
                .toList();
    }
}
