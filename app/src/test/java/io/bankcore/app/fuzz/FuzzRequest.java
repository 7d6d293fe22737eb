package io.bankcore.app.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * One generated request: method, raw (already percent-encoded) request target, headers and body bytes,
 * or, for requests no HTTP client would send, the verbatim bytes to write on a socket.
 *
 * @param route a label of the route or family the request was generated for
 * @param target the request target exactly as it goes on the wire (path and query, percent-encoded)
 * @param body {@code null} for no body at all
 * @param raw when not {@code null}, written verbatim over a plain socket instead
 * @param validity whether a 2xx answer is acceptable
 * @param tags what the generator did, to tell failure classes apart
 * @param key the {@code Idempotency-Key} among the headers and what it predicts, or {@code null}
 * @param expect the one answer the request may get (status and code), or {@code null} for any
 */
record FuzzRequest(
        int index,
        String route,
        String method,
        String target,
        List<Header> headers,
        byte[] body,
        byte[] raw,
        Validity validity,
        List<String> tags,
        IdempotencyKeys.Key key,
        Expect expect) {

    /** The answer a request must get: the status, and the {@code code} of an error (null for a 2xx). */
    record Expect(int status, String code) {
        @Override
        public String toString() {
            return status + (code == null ? "" : " " + code);
        }
    }

    FuzzRequest(
            int index,
            String route,
            String method,
            String target,
            List<Header> headers,
            byte[] body,
            byte[] raw,
            Validity validity,
            List<String> tags,
            IdempotencyKeys.Key key) {
        this(index, route, method, target, headers, body, raw, validity, tags, key, null);
    }

    FuzzRequest(
            int index,
            String route,
            String method,
            String target,
            List<Header> headers,
            byte[] body,
            byte[] raw,
            Validity validity,
            List<String> tags) {
        this(index, route, method, target, headers, body, raw, validity, tags, null);
    }

    record Header(String name, String value) {
        @Override
        public String toString() {
            return name + ": " + value;
        }
    }

    FuzzRequest with(Validity other) {
        return new FuzzRequest(index, route, method, target, headers, body, raw, other, tags, key, expect);
    }

    boolean isHead() {
        return method.equalsIgnoreCase("HEAD");
    }

    /** Methods that must never change state, whatever they answer. */
    boolean isSafe() {
        var m = method.toUpperCase(Locale.ROOT);
        return m.equals("GET") || m.equals("HEAD") || m.equals("OPTIONS") || m.equals("TRACE");
    }

    int size() {
        return raw != null ? raw.length : body == null ? 0 : body.length;
    }

    String describe() {
        var out = new StringBuilder();
        out.append("case #")
                .append(index)
                .append(" [")
                .append(route)
                .append("] validity=")
                .append(validity);
        out.append("\n    tags: ").append(tags);
        if (raw != null) {
            out.append("\n    raw socket bytes (")
                    .append(raw.length)
                    .append("): ")
                    .append(excerpt(raw, 500));
            return out.toString();
        }
        out.append("\n    ").append(method).append(' ').append(excerpt(target.getBytes(StandardCharsets.UTF_8), 300));
        for (Header h : headers) {
            out.append("\n    ").append(excerpt(h.toString().getBytes(StandardCharsets.UTF_8), 300));
        }
        if (body == null) {
            out.append("\n    (no body)");
        } else {
            out.append("\n    body (").append(body.length).append(" bytes): ").append(excerpt(body, 500));
        }
        return out.toString();
    }

    /** The first {@code max} bytes, printable ASCII as is, everything else escaped as Java would. */
    static String excerpt(byte[] bytes, int max) {
        var text = new String(bytes, 0, Math.min(bytes.length, max * 4), StandardCharsets.UTF_8);
        var out = new StringBuilder();
        int shown = 0;
        for (int i = 0; i < text.length() && shown < max; i++, shown++) {
            char c = text.charAt(i);
            if (c == '\r') {
                out.append("\\r");
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '\t') {
                out.append("\\t");
            } else if (c < 0x20 || c == 0x7f || c == '\ufffd' || isLoneSurrogate(text, i)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        if (bytes.length > max) {
            out.append("... (").append(bytes.length).append(" bytes in all)");
        }
        return out.toString();
    }

    private static boolean isLoneSurrogate(String text, int i) {
        char c = text.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1));
        }
        if (Character.isLowSurrogate(c)) {
            return i == 0 || !Character.isHighSurrogate(text.charAt(i - 1));
        }
        return false;
    }
}
