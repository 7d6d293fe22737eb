package io.bankcore.app.web;

import io.bankcore.app.web.ApiProblem.FieldError;
import io.bankcore.domain.CurrencyCode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The filters of a look-up route's query string, checked all at once: every parameter that fails is
 * named in one 422 ({@link #validate}), as a request body's fields are.
 */
final class QueryFilters {

    private static final int MAX_INSTANT_LENGTH = 64;
    private static final int MAX_LIST_LENGTH = 20;

    private final List<FieldError> errors = new ArrayList<>();

    /** An instant, ISO-8601 with a zone ({@code 2026-01-12T21:13:49Z}, {@code ...-03:00}); null when absent. */
    Instant instant(String name, String raw) {
        if (raw == null) {
            return null;
        }
        Instant parsed = parseInstant(raw);
        if (parsed == null) {
            errors.add(new FieldError(name, "must be an ISO-8601 date-time with a zone, such as 2026-01-12T21:13:49Z"));
        }
        return parsed;
    }

    /**
     * A comma-separated list of values out of {@code allowed} (as the answers write them, upper case);
     * empty when absent. A repeated parameter arrives joined by commas, so it is one more item.
     */
    Set<String> oneOf(String name, String raw, List<String> allowed) {
        if (raw == null) {
            return Set.of();
        }
        var values = new LinkedHashSet<String>();
        String[] items = raw.split(",", -1);
        for (String item : items) {
            String value = item.strip();
            if (!allowed.contains(value) || items.length > MAX_LIST_LENGTH) {
                errors.add(new FieldError(
                        name, "must be one or more of " + String.join(", ", allowed) + ", separated by commas"));
                return Set.of();
            }
            values.add(value);
        }
        return values;
    }

    private static final java.util.regex.Pattern METADATA_PARAMETER =
            java.util.regex.Pattern.compile("metadata\\[([a-z0-9_.-]{1,40})\\]");

    /**
     * The {@code metadata[KEY]=VALUE} parameters of the query string, all of which a match must have:
     * keys as a write's metadata allows them (1-40 characters of {@code a-z 0-9 _ - .}), each given once,
     * values of at most 500 characters without control characters, at most 20 pairs. Any other parameter
     * whose name starts with {@code metadata} is refused, so a misspelt filter never silently matches all.
     */
    java.util.Map<String, String> metadata(jakarta.servlet.http.HttpServletRequest request) {
        var wanted = new java.util.TreeMap<String, String>();
        for (var parameter : request.getParameterMap().entrySet()) {
            String name = parameter.getKey();
            if (!name.startsWith("metadata")) {
                continue;
            }
            String shown = name.length() > 60 ? name.substring(0, 60) + "..." : name;
            var match = METADATA_PARAMETER.matcher(name);
            if (!match.matches()) {
                errors.add(new FieldError(
                        shown, "must be metadata[KEY]=VALUE, KEY 1-40 characters of a-z, 0-9, '_', '-' and '.'"));
                continue;
            }
            String[] values = parameter.getValue();
            if (values.length != 1) {
                errors.add(new FieldError(shown, "must be given once"));
                continue;
            }
            String value = values[0];
            if (value.length() > 500 || !value.codePoints().noneMatch(Character::isISOControl)) {
                errors.add(new FieldError(shown, "must be at most 500 characters, without control characters"));
                continue;
            }
            wanted.put(match.group(1), value);
        }
        if (wanted.size() > 20) {
            errors.add(new FieldError("metadata", "at most 20 metadata filters"));
        }
        return wanted;
    }

    /** A UUID in its usual form (8-4-4-4-12 hexadecimal digits), in lower case; null when absent. */
    String uuid(String name, String raw) {
        if (raw == null) {
            return null;
        }
        String text = raw.strip();
        if (!text.matches("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")) {
            errors.add(new FieldError(name, "must be a UUID such as 3f2b8c1e-0d4a-4c1b-9f5e-2a7d6c8b9e10"));
            return null;
        }
        return text.toLowerCase(java.util.Locale.ROOT);
    }

    /** An ISO-4217 alphabetic code; null when absent. */
    String currency(String name, String raw) {
        if (raw == null) {
            return null;
        }
        String code = raw.strip();
        if (!CurrencyCode.isIso4217(code)) {
            errors.add(new FieldError(name, "must be an ISO-4217 alphabetic code such as BRL"));
            return null;
        }
        return code;
    }

    /** {@code from} before {@code to} when both are given (an empty interval is a mistake, not a query). */
    void ordered(String fromName, Instant from, String toName, Instant to) {
        if (from != null && to != null && !to.isAfter(from)) {
            errors.add(new FieldError(toName, "must be after " + fromName));
        }
    }

    void refuse(String name, String message) {
        errors.add(new FieldError(name, message));
    }

    boolean failed(String name) {
        return errors.stream().anyMatch(e -> e.field().equals(name));
    }

    /** Throws the 422 naming every parameter that failed so far. */
    void validate() {
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid(errors);
        }
    }

    /** ISO-8601 with a zone, or null. An unencoded '+' of an offset arrives as a space: read it as meant. */
    static Instant parseInstant(String raw) {
        String text = raw.strip();
        if (text.isEmpty() || text.length() > MAX_INSTANT_LENGTH) {
            return null;
        }
        try {
            return parse(text);
        } catch (DateTimeException notIso) {
            if (text.indexOf(' ') > 0) {
                try {
                    return parse(text.replace(' ', '+'));
                } catch (DateTimeException stillNotIso) {
                    return null;
                }
            }
            return null;
        }
    }

    private static Instant parse(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException notInstant) {
            return OffsetDateTime.parse(text).toInstant();
        }
    }
}
