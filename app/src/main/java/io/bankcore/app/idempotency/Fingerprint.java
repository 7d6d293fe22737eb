package io.bankcore.app.idempotency;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a request means, as a SHA-256: its method and route, its path parameters, and its body's
 * meaning. A JSON object body counts by its members, whatever their order or the whitespace around
 * them, with the route's defaults filled in where a member is absent (an absent currency and
 * {@code "currency": "BRL"} are one request), a member added after keys were first stored left out when
 * it holds its default (so an older request's fingerprint stays what it was), and a write's memo left out
 * when it says nothing (an absent, null or empty {@code metadata}, a null {@code description}). Any other
 * body counts byte for byte.
 */
public final class Fingerprint {

    private Fingerprint() {}

    /**
     * @param route the method and route template, e.g. {@code POST /accounts/{account_number}/deposit}
     * @param pathParameters the route's parameters as sent
     * @param defaults the body members that the route fills in when absent
     */
    public static String of(
            String route,
            Map<String, String> pathParameters,
            String contentType,
            byte[] body,
            Map<String, Object> defaults,
            ObjectMapper json) {
        return of(route, pathParameters, contentType, body, defaults, Map.of(), json);
    }

    /**
     * @param omitted integer body members that count as absent when they hold this value (members a route
     *     gained later, whose default must not change the fingerprint of a request stored before)
     */
    public static String of(
            String route,
            Map<String, String> pathParameters,
            String contentType,
            byte[] body,
            Map<String, Object> defaults,
            Map<String, Long> omitted,
            ObjectMapper json) {
        var text = new StringBuilder(route).append('\n');
        new TreeMap<>(pathParameters)
                .forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        text.append(mediaType(contentType)).append('\n');
        JsonNode object = jsonObject(body, json);
        if (object != null) {
            var filled = (ObjectNode) object;
            // No memo, said in any of its ways, is one request: absent, null, or empty metadata.
            if (filled.has("description") && filled.get("description").isNull()) {
                filled.remove("description");
            }
            JsonNode metadata = filled.get("metadata");
            if (metadata != null && (metadata.isNull() || (metadata.isObject() && metadata.isEmpty()))) {
                filled.remove("metadata");
            }
            omitted.forEach((field, value) -> {
                JsonNode member = filled.get(field);
                if (member != null
                        && member.isIntegralNumber()
                        && member.canConvertToLong()
                        && member.longValue() == value) {
                    filled.remove(field);
                }
            });
            defaults.forEach((field, value) -> {
                if (!filled.has(field)) {
                    filled.set(field, json.valueToTree(value));
                }
            });
            canonical(filled, text);
        } else {
            text.append("raw:").append(HexFormat.of().formatHex(sha256(body == null ? new byte[0] : body)));
        }
        return HexFormat.of().formatHex(sha256(text.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private static String mediaType(String contentType) {
        return contentType == null ? "" : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    }

    private static JsonNode jsonObject(byte[] body, ObjectMapper json) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            JsonNode node = json.reader()
                    .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .readTree(new String(body, StandardCharsets.UTF_8));
            return node != null && node.isObject() ? node : null;
        } catch (JacksonException notJson) {
            return null;
        }
    }

    /** Objects with their members sorted by name, recursively; everything else as JSON writes it. */
    private static void canonical(JsonNode node, StringBuilder out) {
        if (node.isObject()) {
            var names = new ArrayList<>(node.propertyNames());
            names.sort(null);
            out.append('{');
            for (int i = 0; i < names.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                out.append(quoted(names.get(i))).append(':');
                canonical(node.get(names.get(i)), out);
            }
            out.append('}');
        } else if (node.isArray()) {
            out.append('[');
            for (int i = 0; i < node.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                canonical(node.get(i), out);
            }
            out.append(']');
        } else {
            out.append(node.toString());
        }
    }

    private static String quoted(String name) {
        return tools.jackson.databind.node.JsonNodeFactory.instance
                .stringNode(name)
                .toString();
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
