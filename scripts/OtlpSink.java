import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stand-in OTLP/HTTP collector for measuring what traces cost: it accepts {@code POST /v1/traces}
 * (protobuf) on a loopback port, counts the exports, their bytes and their spans (read from protobuf's
 * wire format), and throws them away. {@code GET /stats} answers the counts as one line.
 *
 * <pre>java scripts/OtlpSink.java [PORT]   # default 4318; then OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4318</pre>
 */
public class OtlpSink {

    static final AtomicLong EXPORTS = new AtomicLong();
    static final AtomicLong BYTES = new AtomicLong();
    static final AtomicLong SPANS = new AtomicLong();

    public static void main(String[] args) throws IOException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 4318;
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
        server.createContext("/v1/traces", OtlpSink::traces);
        server.createContext("/stats", exchange -> answer(exchange, 200, stats()));
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("otlp-sink: " + stats())));
        System.out.println("otlp-sink: listening on http://127.0.0.1:" + port + "/v1/traces");
    }

    static String stats() {
        return "exports=" + EXPORTS.get() + " bytes=" + BYTES.get() + " spans=" + SPANS.get() + "\n";
    }

    static void traces(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        if (!exchange.getRequestMethod().equals("POST")) {
            answer(exchange, 405, "");
            return;
        }
        EXPORTS.incrementAndGet();
        BYTES.addAndGet(body.length);
        try {
            SPANS.addAndGet(spans(body));
        } catch (RuntimeException unreadable) {
            // counted as an export of no spans
        }
        exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
        answer(exchange, 200, "");
    }

    /** ExportTraceServiceRequest: resource_spans (1) -> scope_spans (2) -> spans (2). */
    static long spans(byte[] request) {
        long count = 0;
        for (byte[] resource : nested(request, 1)) {
            for (byte[] scope : nested(resource, 2)) {
                count += nested(scope, 2).size();
            }
        }
        return count;
    }

    /** The length-delimited fields numbered {@code field} of a protobuf message; other fields skipped. */
    static java.util.List<byte[]> nested(byte[] message, int field) {
        var found = new java.util.ArrayList<byte[]>();
        ByteBuffer in = ByteBuffer.wrap(message);
        while (in.hasRemaining()) {
            long key = varint(in);
            switch ((int) (key & 7)) {
                case 0 -> varint(in);
                case 1 -> in.position(in.position() + 8);
                case 5 -> in.position(in.position() + 4);
                case 2 -> {
                    byte[] value = new byte[(int) varint(in)];
                    in.get(value);
                    if ((key >>> 3) == field) {
                        found.add(value);
                    }
                }
                default -> throw new IllegalArgumentException("wire type " + (key & 7));
            }
        }
        return found;
    }

    static long varint(ByteBuffer in) {
        long value = 0;
        for (int shift = 0; ; shift += 7) {
            byte b = in.get();
            value |= (long) (b & 0x7f) << shift;
            if (b >= 0) {
                return value;
            }
        }
    }

    static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }
}
