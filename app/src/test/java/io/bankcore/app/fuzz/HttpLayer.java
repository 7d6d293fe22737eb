package io.bankcore.app.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * What the HTTP layer (the servlet container, the firewall in front of the routes, the request guard)
 * refuses before any route is chosen, read from the request as sent. The contract answers such a
 * request 400 {@code BAD_REQUEST}, and that answer is right whatever else is wrong with the request:
 * its {@code Idempotency-Key}, its body, the account or transfer it names.
 *
 * <p>A path is refused when it is not normalized (a {@code .} or {@code ..} segment, an empty segment),
 * carries path parameters ({@code ;}, raw or encoded), encodes a character the routes would read
 * differently once decoded (a slash, backslash, period or NUL), has a malformed percent escape, or
 * decodes to bytes that are no UTF-8.
 */
final class HttpLayer {

    /** Encoded characters refused anywhere in the path (upper-cased). */
    private static final List<String> ENCODED = List.of("%2F", "%5C", "%2E", "%3B", "%00");

    private HttpLayer() {}

    /** Why the HTTP layer refuses the request's path, or null when it routes it. */
    static String pathDefect(FuzzRequest request) {
        if (request.raw() != null || request.target().isEmpty()) {
            return null;
        }
        var target = request.target();
        int query = target.indexOf('?');
        var path = query < 0 ? target : target.substring(0, query);
        if (!path.startsWith("/")) {
            return null;
        }
        var upper = path.toUpperCase(Locale.ROOT);
        if (path.indexOf(';') >= 0) {
            return "path parameter";
        }
        if (path.contains("//")) {
            return "empty path segment";
        }
        for (var segment : path.substring(1).split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return "dot segment";
            }
        }
        for (var encoded : ENCODED) {
            if (upper.contains(encoded)) {
                return "encoded " + encoded;
            }
        }
        if (path.chars().anyMatch(c -> c <= 0x20 || c >= 0x7f || c == '\\')) {
            return "a character that must be encoded";
        }
        return decodesToUtf8(path) ? null : "malformed percent escape or bytes that are no UTF-8";
    }

    /** Whether every percent escape is well formed and the decoded bytes are UTF-8 (overlong forms and surrogates not). */
    private static boolean decodesToUtf8(String path) {
        var bytes = new ByteArrayOutputStream();
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c != '%') {
                bytes.write(c);
                continue;
            }
            if (i + 2 >= path.length()
                    || Character.digit(path.charAt(i + 1), 16) < 0
                    || Character.digit(path.charAt(i + 2), 16) < 0) {
                return false;
            }
            bytes.write(Integer.parseInt(path.substring(i + 1, i + 3), 16));
            i += 2;
        }
        try {
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /** Whether the answer is the HTTP layer's refusal: 400 {@code BAD_REQUEST}. */
    static boolean isRefusal(int status, String code) {
        return status == 400 && "BAD_REQUEST".equals(code);
    }
}
