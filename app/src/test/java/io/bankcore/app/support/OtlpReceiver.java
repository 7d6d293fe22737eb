package io.bankcore.app.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

/**
 * An OTLP/HTTP trace receiver on a loopback port, as a collector would be: it accepts
 * {@code POST /v1/traces} (protobuf, uncompressed: the exporter's default), decodes the spans of every
 * export and keeps them. The decoder knows the few fields of {@code opentelemetry/proto/trace/v1} the
 * tests look at, read straight from protobuf's wire format (no generated classes needed).
 */
public final class OtlpReceiver implements AutoCloseable {

    /** A link from a span to another span, by ids. */
    public record Link(String traceId, String spanId) {}

    /** One exported span: ids in lower-case hex, parent empty for a root, attributes as text. */
    public record Span(
            String scope,
            String traceId,
            String spanId,
            String parentSpanId,
            String name,
            int kind,
            Map<String, String> attributes,
            List<Link> links,
            int statusCode) {

        public boolean isRoot() {
            return parentSpanId.isEmpty();
        }
    }

    private final HttpServer server;
    private final List<Span> spans = new CopyOnWriteArrayList<>();
    private final List<String> paths = new CopyOnWriteArrayList<>();

    public OtlpReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newSingleThreadExecutor());
        server.start();
    }

    /** The base URL, as OTEL_EXPORTER_OTLP_ENDPOINT takes it. */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public List<Span> spans() {
        return new ArrayList<>(spans);
    }

    public List<Span> spans(Predicate<Span> which) {
        return spans().stream().filter(which).toList();
    }

    /** The paths requests were sent to. */
    public List<String> paths() {
        return new ArrayList<>(paths);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            paths.add(exchange.getRequestURI().getPath());
            if (!exchange.getRequestMethod().equals("POST")
                    || !exchange.getRequestURI().getPath().equals("/v1/traces")) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            for (byte[] resourceSpans : fields(body).getOrDefault(1, List.of())) {
                for (byte[] scopeSpans : fields(resourceSpans).getOrDefault(2, List.of())) {
                    var scope = fields(scopeSpans);
                    String scopeName = text(first(fields(first(scope, 1)), 1));
                    for (byte[] span : scope.getOrDefault(2, List.of())) {
                        spans.add(span(scopeName, fields(span)));
                    }
                }
            }
            exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, -1);
        }
    }

    private static Span span(String scope, Map<Integer, List<byte[]>> span) {
        var attributes = new LinkedHashMap<String, String>();
        for (byte[] keyValue : span.getOrDefault(9, List.of())) {
            var pair = fields(keyValue);
            attributes.put(text(first(pair, 1)), value(fields(first(pair, 2))));
        }
        var links = new ArrayList<Link>();
        for (byte[] link : span.getOrDefault(13, List.of())) {
            var fields = fields(link);
            links.add(new Link(hex(first(fields, 1)), hex(first(fields, 2))));
        }
        var status = fields(first(span, 15));
        return new Span(
                scope,
                hex(first(span, 1)),
                hex(first(span, 2)),
                hex(first(span, 4)),
                text(first(span, 5)),
                (int) varint(first(span, 6)),
                attributes,
                links,
                (int) varint(first(status, 3)));
    }

    /** An AnyValue as text: a string, a boolean, an integer or a double. */
    private static String value(Map<Integer, List<byte[]>> any) {
        if (any.containsKey(1)) {
            return text(first(any, 1));
        }
        if (any.containsKey(2)) {
            return String.valueOf(varint(first(any, 2)) != 0);
        }
        if (any.containsKey(3)) {
            return String.valueOf(varint(first(any, 3)));
        }
        if (any.containsKey(4)) {
            return String.valueOf(Double.longBitsToDouble(ByteBuffer.wrap(first(any, 4))
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .getLong()));
        }
        return "";
    }

    /**
     * A message's fields by number: length-delimited ones as their bytes, varints as their encoding
     * (see {@link #varint}), fixed ones as their little-endian bytes.
     */
    static Map<Integer, List<byte[]>> fields(byte[] message) {
        var fields = new LinkedHashMap<Integer, List<byte[]>>();
        var in = ByteBuffer.wrap(message);
        while (in.hasRemaining()) {
            long key = readVarint(in);
            int number = (int) (key >>> 3);
            byte[] value;
            switch ((int) (key & 7)) {
                case 0 -> {
                    int start = in.position();
                    readVarint(in);
                    value = new byte[in.position() - start];
                    in.get(start, value);
                }
                case 1 -> {
                    value = new byte[8];
                    in.get(value);
                }
                case 2 -> {
                    value = new byte[(int) readVarint(in)];
                    in.get(value);
                }
                case 5 -> {
                    value = new byte[4];
                    in.get(value);
                }
                default -> throw new IllegalArgumentException("unsupported wire type in field " + number);
            }
            fields.computeIfAbsent(number, n -> new ArrayList<>()).add(value);
        }
        return fields;
    }

    private static byte[] first(Map<Integer, List<byte[]>> fields, int number) {
        var values = fields.get(number);
        return values == null ? new byte[0] : values.get(0);
    }

    private static long readVarint(ByteBuffer in) {
        long value = 0;
        for (int shift = 0; ; shift += 7) {
            byte b = in.get();
            value |= (long) (b & 0x7f) << shift;
            if (b >= 0) {
                return value;
            }
        }
    }

    private static long varint(byte[] encoded) {
        return encoded.length == 0 ? 0 : readVarint(ByteBuffer.wrap(encoded));
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
