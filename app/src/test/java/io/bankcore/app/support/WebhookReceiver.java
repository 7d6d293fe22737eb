package io.bankcore.app.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A webhook receiver on a loopback port, checking every delivery as a client would: the
 * {@code Bankcore-Signature} (t within 5 minutes, a v1 matching one of the secrets it knows), the
 * {@code Bankcore-Event-Id} against the body. It answers 500 to its first {@code failFirst} requests
 * (to all while {@code down}, or before it knows a secret), and keeps what it accepted, in arrival order.
 */
public final class WebhookReceiver implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One accepted delivery. */
    public record Received(long position, String eventId, String type, JsonNode event, int signatures) {}

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<String> refusals = new CopyOnWriteArrayList<>();
    private final java.util.Map<String, String> traceparents = new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();
    private volatile List<String> secrets = List.of();
    private volatile int failFirst;
    private volatile boolean down;
    private volatile long delayMs;

    public WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.createContext("/hook", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    public WebhookReceiver secrets(String... secrets) {
        this.secrets = List.of(secrets);
        return this;
    }

    public WebhookReceiver failFirst(int n) {
        this.failFirst = n;
        return this;
    }

    public WebhookReceiver down(boolean down) {
        this.down = down;
        return this;
    }

    public WebhookReceiver delayMs(long delayMs) {
        this.delayMs = delayMs;
        return this;
    }

    public List<Received> received() {
        return new ArrayList<>(received);
    }

    /** Deliveries refused for a bad signature or header: must stay empty. */
    public List<String> refusals() {
        return new ArrayList<>(refusals);
    }

    public int requests() {
        return requests.get();
    }

    /** The {@code traceparent} header of the last accepted delivery of an event, or null. */
    public String traceparent(String eventId) {
        return traceparents.get(eventId);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            int n = requests.incrementAndGet();
            if (delayMs > 0) {
                Thread.sleep(delayMs);
            }
            // Not configured yet (the secret comes with the endpoint's creation): a retryable refusal.
            if (down || n <= failFirst || secrets.isEmpty()) {
                exchange.sendResponseHeaders(500, -1);
                return;
            }
            String refusal = check(exchange, body);
            if (refusal != null) {
                refusals.add(refusal);
                exchange.sendResponseHeaders(400, -1);
                return;
            }
            JsonNode event = JSON.readTree(body);
            String header = exchange.getRequestHeaders().getFirst("Bankcore-Signature");
            String traceparent = exchange.getRequestHeaders().getFirst("traceparent");
            if (traceparent != null) {
                traceparents.put(event.get("event_id").stringValue(), traceparent);
            }
            received.add(new Received(
                    event.get("position").longValue(),
                    event.get("event_id").stringValue(),
                    event.get("type").stringValue(),
                    event,
                    header.split(",v1=", -1).length - 1));
            exchange.sendResponseHeaders(204, -1);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** What a receiver does with the header: null when the delivery is authentic. */
    private String check(HttpExchange exchange, byte[] body) {
        String header = exchange.getRequestHeaders().getFirst("Bankcore-Signature");
        if (header == null) {
            return "no signature";
        }
        long t = -1;
        var signatures = new ArrayList<String>();
        for (String part : header.split(",")) {
            if (part.startsWith("t=")) {
                t = Long.parseLong(part.substring(2));
            } else if (part.startsWith("v1=")) {
                signatures.add(part.substring(3));
            }
        }
        if (Math.abs(System.currentTimeMillis() / 1000 - t) > 300) {
            return "timestamp more than 5 minutes off: " + header;
        }
        boolean matched = false;
        for (String secret : secrets) {
            byte[] expected = hmac(secret, t + "." + new String(body, StandardCharsets.UTF_8));
            for (String signature : signatures) {
                matched |= MessageDigest.isEqual(expected, HexFormat.of().parseHex(signature));
            }
        }
        if (!matched) {
            return "no v1 signature matches: " + header;
        }
        String eventId = exchange.getRequestHeaders().getFirst("Bankcore-Event-Id");
        if (eventId == null
                || !JSON.readTree(body).get("event_id").stringValue().equals(eventId)) {
            return "Bankcore-Event-Id does not match the body";
        }
        return null;
    }

    public static byte[] hmac(String secret, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
