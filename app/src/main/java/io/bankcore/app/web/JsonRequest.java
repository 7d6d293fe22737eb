package io.bankcore.app.web;

import io.bankcore.api.Memo;
import io.bankcore.app.web.ApiProblem.FieldError;
import io.bankcore.domain.CurrencyCode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Reads a JSON request body field by field, collecting every schema error so that one 422 names
 * them all. Types are strict: amounts are JSON integers that fit in 64 bits (no strings, fractions or
 * booleans), texts are JSON strings. Unknown fields are ignored, as the original did.
 *
 * <p>A body is read as UTF-8, whatever {@code charset} the {@code Content-Type} names: JSON exchanged
 * between systems is UTF-8 (RFC 8259, section 8.1) and {@code application/json} defines no charset
 * parameter (section 11). Bytes that are not UTF-8 are refused, never read in another charset.
 */
final class JsonRequest {

    static final int MAX_BODY_BYTES = 64 * 1024;

    /** The most a body of {@code POST /transfers/batch} may hold: up to 1,000 transfers with their memos. */
    static final int MAX_BATCH_BODY_BYTES = 4 * 1024 * 1024;

    private final JsonNode body;
    /** What each field's name is prefixed with in an error: empty for a body, {@code transfers[3].} for an item. */
    private final String prefix;

    private final List<FieldError> errors;

    private JsonRequest(JsonNode body) {
        this(body, "", new ArrayList<>());
    }

    private JsonRequest(JsonNode body, String prefix, List<FieldError> errors) {
        this.body = body;
        this.prefix = prefix;
        this.errors = errors;
    }

    /**
     * For an item of {@link #items}: true when it is a JSON object; otherwise records that it must be one
     * (in the items' order, when the caller reads them in order) and its fields are not to be read.
     */
    boolean requireObject() {
        if (body.isObject()) {
            return true;
        }
        errors.add(new FieldError(prefix.substring(0, prefix.length() - 1), "must be an object"));
        return false;
    }

    private void error(String field, String message) {
        errors.add(new FieldError(prefix + field, message));
    }

    /**
     * The items of a required array member, each read as a request of its own whose errors name it
     * ({@code transfers[3].amount_cents}) and are told with this one's by {@link #validate}; each must be
     * checked with {@link #requireObject} before its fields are read.
     */
    List<JsonRequest> items(String field, int min, int max) {
        JsonNode array = body.get(field);
        if (array == null) {
            error(field, "field required");
            return List.of();
        }
        if (!array.isArray()) {
            error(field, "must be an array of objects");
            return List.of();
        }
        if (array.size() < min || array.size() > max) {
            error(field, "must hold " + min + " to " + max + " items, got " + array.size());
            return List.of();
        }
        var items = new ArrayList<JsonRequest>(array.size());
        for (int i = 0; i < array.size(); i++) {
            JsonNode item = array.get(i);
            String name = prefix + field + "[" + i + "]";
            items.add(new JsonRequest(item, name + ".", errors));
        }
        return items;
    }

    /** As {@link #parse}, for a route whose body may be left out: no body is an empty object. */
    static JsonRequest parseOptional(ObjectMapper mapper, byte[] raw, String contentType) {
        if (raw == null || raw.length == 0) {
            return new JsonRequest(mapper.createObjectNode());
        }
        return parse(mapper, raw, contentType);
    }

    static JsonRequest parse(ObjectMapper mapper, byte[] raw, String contentType) {
        return parse(mapper, raw, contentType, MAX_BODY_BYTES);
    }

    /** As {@link #parse(ObjectMapper, byte[], String)}, for a route whose bodies may hold up to {@code maxBytes}. */
    static JsonRequest parse(ObjectMapper mapper, byte[] raw, String contentType, int maxBytes) {
        if (contentType != null && !isJson(contentType)) {
            throw ApiProblem.invalid(List.of(new FieldError("body", "Content-Type must be application/json")));
        }
        if (raw == null || raw.length == 0) {
            throw ApiProblem.invalid(List.of(new FieldError("body", "a JSON object is required")));
        }
        if (raw.length > maxBytes) {
            throw new ApiProblem(ProblemCode.PAYLOAD_TOO_LARGE, "request body exceeds " + maxBytes + " bytes");
        }
        String text;
        try {
            // UTF-8 whatever the Content-Type's charset says (see above). Strict: overlong forms,
            // surrogates and stray bytes are refused, not repaired or decoded.
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw))
                    .toString();
        } catch (CharacterCodingException e) {
            throw ApiProblem.invalid(List.of(new FieldError("body", "is not valid UTF-8")));
        }
        JsonNode node;
        try {
            node = mapper.reader()
                    .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .readTree(text);
        } catch (JacksonException e) {
            throw ApiProblem.invalid(List.of(new FieldError("body", "is not valid JSON (or repeats a field name)")));
        }
        if (node == null || !node.isObject()) {
            throw ApiProblem.invalid(List.of(new FieldError("body", "must be a JSON object")));
        }
        return new JsonRequest(node);
    }

    private static boolean isJson(String contentType) {
        var type = contentType.split(";", 2)[0].strip().toLowerCase(java.util.Locale.ROOT);
        return type.equals("application/json") || (type.startsWith("application/") && type.endsWith("+json"));
    }

    /** The body's JSON object, for fields that the typed readers here do not cover. */
    JsonNode body() {
        return body;
    }

    /** The same body, read afresh: no errors recorded yet (a write run again reads its body again). */
    JsonRequest again() {
        return new JsonRequest(body, prefix, new ArrayList<>());
    }

    /** A member's string value, or null when it is absent or not a string; records no error. */
    String peekString(String field) {
        JsonNode value = body.get(field);
        return value != null && value.isString() ? value.stringValue() : null;
    }

    /** A required JSON string. */
    String requiredString(String field) {
        JsonNode value = body.get(field);
        if (value == null) {
            error(field, "field required");
            return null;
        }
        if (!value.isString()) {
            error(field, "must be a string");
            return null;
        }
        return value.stringValue();
    }

    /** An amount in minor units: a JSON integer, at least {@code min}; {@code fallback} when absent. */
    long amount(String field, Long fallback, long min) {
        JsonNode value = body.get(field);
        if (value == null) {
            if (fallback == null) {
                error(field, "field required");
                return 0;
            }
            return fallback;
        }
        if (!value.isIntegralNumber()) {
            error(field, "must be an integer number of minor units (cents)");
            return 0;
        }
        if (!value.canConvertToLong()) {
            error(field, "must fit in a signed 64-bit integer");
            return 0;
        }
        long amount = value.longValue();
        if (amount < min) {
            error(field, min == 0 ? "must be greater than or equal to 0" : "must be greater than " + (min - 1));
        }
        return amount;
    }

    /**
     * An optional amount in minor units, at least {@code min}: null when absent. A JSON null is refused
     * like any other value that is no integer, as for every optional field: an amount left unset by
     * mistake must not mean "all of it".
     */
    Long optionalAmount(String field, long min) {
        if (body.get(field) == null) {
            return null;
        }
        return amount(field, null, min);
    }

    /** An optional JSON boolean; {@code fallback} when absent. */
    boolean optionalBoolean(String field, boolean fallback) {
        JsonNode value = body.get(field);
        if (value == null) {
            return fallback;
        }
        if (!value.isBoolean()) {
            error(field, "must be true or false");
            return fallback;
        }
        return value.booleanValue();
    }

    /** An optional JSON integer between {@code min} and {@code max}; {@code fallback} when absent. */
    long optionalInteger(String field, long fallback, long min, long max) {
        JsonNode value = body.get(field);
        if (value == null) {
            return fallback;
        }
        if (!value.isIntegralNumber()
                || !value.canConvertToLong()
                || value.longValue() < min
                || value.longValue() > max) {
            error(field, "must be an integer from " + min + " to " + max);
            return fallback;
        }
        return value.longValue();
    }

    /** A required, non-blank JSON string of at most {@code maxLength} characters, stripped. */
    String requiredText(String field, int maxLength) {
        String value = requiredString(field);
        if (value == null) {
            return null;
        }
        String stripped = value.strip();
        if (stripped.isEmpty()) {
            error(field, "must not be blank");
            return null;
        }
        if (stripped.length() > maxLength) {
            error(field, "must be at most " + maxLength + " characters");
            return null;
        }
        if (!printable(stripped)) {
            error(field, "must not contain control characters or unpaired surrogates");
            return null;
        }
        return stripped;
    }

    /** No control character (NUL, which PostgreSQL cannot store, among them) and no unpaired surrogate. */
    private static boolean printable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c)) {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** An optional JSON string among {@code allowed}; {@code fallback} when absent. */
    String optionalChoice(String field, String fallback, List<String> allowed) {
        JsonNode value = body.get(field);
        if (value == null) {
            return fallback;
        }
        if (!value.isString() || !allowed.contains(value.stringValue())) {
            error(field, "must be one of " + String.join(", ", allowed));
            return fallback;
        }
        return value.stringValue();
    }

    /** The most a description and a metadata value may hold, in characters. */
    static final int MEMO_TEXT_MAX = 500;

    static final int METADATA_MAX_KEYS = 20;

    private static final java.util.regex.Pattern METADATA_KEY = java.util.regex.Pattern.compile("[a-z0-9_.-]{1,40}");

    /**
     * The write's optional {@code description} and {@code metadata}: a description is a string of at most
     * 500 characters without control characters (JSON null or absent: none); metadata is an object of at
     * most 20 keys of 1-40 characters among {@code a-z 0-9 _ - .}, whose values are such strings (JSON null
     * or absent: none). Each refusal names its field ({@code metadata.KEY} for a value).
     */
    Memo memo() {
        String description = description();
        var metadata = new java.util.TreeMap<String, String>();
        metadata(false, metadata, new java.util.TreeSet<>());
        return new Memo(description, metadata);
    }

    /** The body's description: null when absent or JSON null. */
    private String description() {
        JsonNode text = body.get(Memo.DESCRIPTION);
        return text == null || text.isNull() ? null : memoText(Memo.DESCRIPTION, text);
    }

    /** What a PATCH of an account asks: a description to set (or clear), metadata keys to set and to remove. */
    record MemoPatch(
            boolean setDescription,
            String description,
            java.util.Map<String, String> setMetadata,
            java.util.Set<String> removeMetadata) {}

    /**
     * A PATCH of an account's memo: {@code description} a string as for {@link #memo} or null to clear it
     * (absent: unchanged); {@code metadata} an object of at most 20 keys whose values are strings as for
     * {@link #memo} (set) or null (removed); absent or null: unchanged.
     */
    MemoPatch memoPatch() {
        boolean setDescription = body.has(Memo.DESCRIPTION);
        String description = description();
        var set = new java.util.TreeMap<String, String>();
        var remove = new java.util.TreeSet<String>();
        metadata(true, set, remove);
        return new MemoPatch(setDescription, description, set, remove);
    }

    /**
     * The body's {@code metadata} object into {@code set}; with {@code nullRemoves} (a PATCH) a key whose
     * value is null goes into {@code remove}, otherwise a null value is refused like any non-string.
     */
    private void metadata(boolean nullRemoves, java.util.Map<String, String> set, java.util.Set<String> remove) {
        JsonNode object = body.get(Memo.METADATA);
        if (object == null || object.isNull()) {
            return;
        }
        if (!object.isObject()) {
            error(
                    Memo.METADATA,
                    nullRemoves
                            ? "must be an object of string (or null) values"
                            : "must be an object of string values");
            return;
        }
        if (object.size() > METADATA_MAX_KEYS) {
            error(Memo.METADATA, "must have at most " + METADATA_MAX_KEYS + " keys");
            return;
        }
        for (var entry : object.properties()) {
            String key = entry.getKey();
            if (!METADATA_KEY.matcher(key).matches()) {
                error(
                        Memo.METADATA,
                        "keys must be 1-40 characters of a-z, 0-9, '_', '-' and '.'; got '"
                                + (key.length() > 40 ? key.substring(0, 40) + "..." : key) + "'");
            } else if (nullRemoves && entry.getValue().isNull()) {
                remove.add(key);
            } else {
                String value = memoText(Memo.METADATA + "." + key, entry.getValue());
                if (value != null) {
                    set.put(key, value);
                }
            }
        }
    }

    private String memoText(String field, JsonNode value) {
        if (!value.isString()) {
            error(field, "must be a string");
            return null;
        }
        String text = value.stringValue();
        if (text.length() > MEMO_TEXT_MAX) {
            error(field, "must be at most " + MEMO_TEXT_MAX + " characters");
            return null;
        }
        if (!printable(text)) {
            error(field, "must not contain control characters or unpaired surrogates");
            return null;
        }
        return text;
    }

    /** Records a field's refusal, told with the others by {@link #validate}. */
    void reject(String field, String message) {
        error(field, message);
    }

    /** True when the body has the field (even as JSON null). */
    boolean has(String field) {
        return body.has(field);
    }

    /** An ISO-4217 code; {@code BRL} when absent. */
    String currency(String field) {
        JsonNode value = body.get(field);
        if (value == null) {
            return CurrencyCode.BRL.code();
        }
        if (!value.isString()) {
            error(field, "must be a string");
            return null;
        }
        var code = value.stringValue();
        if (!CurrencyCode.isIso4217(code)) {
            error(field, "must be an ISO-4217 alphabetic code such as BRL");
            return null;
        }
        return code;
    }

    /** Throws the 422 naming every field that failed so far. */
    void validate() {
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid(errors);
        }
    }
}
