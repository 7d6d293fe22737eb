package io.bankcore.bench;

import java.util.List;
import java.util.Map;

/** Writes maps, lists, strings, numbers and booleans as indented JSON; reads one field of a reply loosely. */
final class Json {
    private Json() {}

    static String write(Object v) {
        StringBuilder sb = new StringBuilder();
        write(sb, v, 0);
        return sb.toString();
    }

    private static void write(StringBuilder sb, Object v, int indent) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof String s) {
            quote(sb, s);
        } else if (v instanceof Double d) {
            sb.append(d.isNaN() || d.isInfinite() ? "null" : d.toString());
        } else if (v instanceof Number || v instanceof Boolean) {
            sb.append(v);
        } else if (v instanceof Map<?, ?> map) {
            sb.append('{');
            boolean first = true;
            for (var e : map.entrySet()) {
                sb.append(first ? "\n" : ",\n").append("  ".repeat(indent + 1));
                quote(sb, String.valueOf(e.getKey()));
                sb.append(": ");
                write(sb, e.getValue(), indent + 1);
                first = false;
            }
            sb.append(first ? "}" : "\n" + "  ".repeat(indent) + "}");
        } else if (v instanceof List<?> list) {
            boolean simple = list.stream().allMatch(x -> x instanceof Number);
            sb.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    sb.append(simple ? ", " : ",");
                }
                if (!simple) {
                    sb.append('\n').append("  ".repeat(indent + 1));
                }
                write(sb, list.get(i), indent + 1);
            }
            if (!simple && !list.isEmpty()) {
                sb.append('\n').append("  ".repeat(indent));
            }
            sb.append(']');
        } else {
            quote(sb, v.toString());
        }
    }

    private static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    /** The value of {@code "name":} in a flat reply, unquoted; null when absent. */
    static String field(String json, String name) {
        String key = "\"" + name + "\":";
        int i = json.indexOf(key);
        if (i < 0) {
            return null;
        }
        i += key.length();
        while (i < json.length() && json.charAt(i) == ' ') {
            i++;
        }
        if (i < json.length() && json.charAt(i) == '"') {
            int end = json.indexOf('"', i + 1);
            return json.substring(i + 1, end);
        }
        int end = i;
        while (end < json.length() && ",}] \n".indexOf(json.charAt(end)) < 0) {
            end++;
        }
        return json.substring(i, end);
    }
}
