package io.bankcore.api;

import java.util.Map;
import java.util.TreeMap;

/**
 * A memo's metadata as stored in a read table's {@code metadata} column: a flat JSON object of strings.
 * Written in one canonical form (keys in order, no spaces), so equal metadata is equal text; read back
 * from that form or from PostgreSQL's {@code jsonb} output, which adds spaces and orders keys its own way.
 */
public final class MetadataJson {

    private MetadataJson() {}

    /** The column's value: null for no metadata, so that rows without any cost no index entry. */
    public static String write(Map<String, String> metadata) {
        if (metadata.isEmpty()) {
            return null;
        }
        var text = new StringBuilder(16 * metadata.size() + 2).append('{');
        for (var entry : new TreeMap<>(metadata).entrySet()) {
            if (text.length() > 1) {
                text.append(',');
            }
            string(text, entry.getKey());
            text.append(':');
            string(text, entry.getValue());
        }
        return text.append('}').toString();
    }

    /** One JSON string, with JSON's escapes: quotes, backslashes and control characters. */
    public static void string(StringBuilder text, String value) {
        text.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> text.append("\\\"");
                case '\\' -> text.append("\\\\");
                case '\n' -> text.append("\\n");
                case '\r' -> text.append("\\r");
                case '\t' -> text.append("\\t");
                default -> {
                    if (c < 0x20) {
                        text.append(String.format("\\u%04x", (int) c));
                    } else {
                        text.append(c);
                    }
                }
            }
        }
        text.append('"');
    }

    /** The metadata in a column's value; empty for null. */
    public static Map<String, String> read(String json) {
        var metadata = new TreeMap<String, String>();
        if (json == null) {
            return metadata;
        }
        var reader = new Reader(json);
        reader.expect('{');
        if (reader.peek() == '}') {
            reader.expect('}');
            return metadata;
        }
        do {
            String key = reader.string();
            reader.expect(':');
            metadata.put(key, reader.string());
        } while (reader.comma());
        reader.expect('}');
        return metadata;
    }

    private static final class Reader {
        private final String text;
        private int at;

        Reader(String text) {
            this.text = text;
        }

        char peek() {
            while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
                at++;
            }
            if (at == text.length()) {
                throw new IllegalArgumentException("metadata JSON ends early");
            }
            return text.charAt(at);
        }

        void expect(char c) {
            if (peek() != c) {
                throw new IllegalArgumentException("metadata JSON: expected '" + c + "' at " + at);
            }
            at++;
        }

        boolean comma() {
            if (peek() == ',') {
                at++;
                return true;
            }
            return false;
        }

        String string() {
            expect('"');
            var value = new StringBuilder();
            while (true) {
                char c = text.charAt(at++);
                if (c == '"') {
                    return value.toString();
                }
                if (c != '\\') {
                    value.append(c);
                    continue;
                }
                char escaped = text.charAt(at++);
                switch (escaped) {
                    case 'n' -> value.append('\n');
                    case 'r' -> value.append('\r');
                    case 't' -> value.append('\t');
                    case 'b' -> value.append('\b');
                    case 'f' -> value.append('\f');
                    case 'u' -> {
                        value.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                        at += 4;
                    }
                    default -> value.append(escaped); // '"', '\\', '/'
                }
            }
        }
    }
}
