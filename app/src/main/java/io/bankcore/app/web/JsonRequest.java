package io.bankcore.app.web;

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
 */
final class JsonRequest {

    static final int MAX_BODY_BYTES = 64 * 1024;

    private final JsonNode body;
    private final List<FieldError> errors = new ArrayList<>();

    private JsonRequest(JsonNode body) {
        this.body = body;
    }

    static JsonRequest parse(ObjectMapper mapper, byte[] raw, String contentType) {
        if (contentType != null && !isJson(contentType)) {
            throw ApiProblem.invalid(List.of(new FieldError("body", "Content-Type must be application/json")));
        }
        if (raw == null || raw.length == 0) {
            throw ApiProblem.invalid(List.of(new FieldError("body", "a JSON object is required")));
        }
        if (raw.length > MAX_BODY_BYTES) {
            throw new ApiProblem(ProblemCode.PAYLOAD_TOO_LARGE, "request body exceeds " + MAX_BODY_BYTES + " bytes");
        }
        String text;
        try {
            // Strict: overlong forms, surrogates and stray bytes are refused, not repaired or decoded.
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

    /** A required JSON string. */
    String requiredString(String field) {
        JsonNode value = body.get(field);
        if (value == null) {
            errors.add(new FieldError(field, "field required"));
            return null;
        }
        if (!value.isString()) {
            errors.add(new FieldError(field, "must be a string"));
            return null;
        }
        return value.stringValue();
    }

    /** An amount in minor units: a JSON integer, at least {@code min}; {@code fallback} when absent. */
    long amount(String field, Long fallback, long min) {
        JsonNode value = body.get(field);
        if (value == null) {
            if (fallback == null) {
                errors.add(new FieldError(field, "field required"));
                return 0;
            }
            return fallback;
        }
        if (!value.isIntegralNumber()) {
            errors.add(new FieldError(field, "must be an integer number of minor units (cents)"));
            return 0;
        }
        if (!value.canConvertToLong()) {
            errors.add(new FieldError(field, "must fit in a signed 64-bit integer"));
            return 0;
        }
        long amount = value.longValue();
        if (amount < min) {
            errors.add(new FieldError(
                    field, min == 0 ? "must be greater than or equal to 0" : "must be greater than " + (min - 1)));
        }
        return amount;
    }

    /** An ISO-4217 code; {@code BRL} when absent. */
    String currency(String field) {
        JsonNode value = body.get(field);
        if (value == null) {
            return CurrencyCode.BRL.code();
        }
        if (!value.isString()) {
            errors.add(new FieldError(field, "must be a string"));
            return null;
        }
        var code = value.stringValue();
        if (!CurrencyCode.isIso4217(code)) {
            errors.add(new FieldError(field, "must be an ISO-4217 alphabetic code such as BRL"));
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
