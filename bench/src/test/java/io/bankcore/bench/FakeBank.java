package io.bankcore.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough of bankcore's HTTP API for the load generator: deposits and balances that agree,
 * withdrawals refused with 409, transfers answered 202 and settled on the first look, reservations
 * (201) posted once (200, then 409), a chunked transaction list, no metrics.
 */
final class FakeBank implements AutoCloseable {
    private static final Pattern NUMBER =
            Pattern.compile("\"(account_number|amount_cents|initial_balance_cents)\":\"?(\\w+)");

    final Map<String, Long> balances = new ConcurrentHashMap<>();
    final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();
    final AtomicLong requests = new AtomicLong();
    private final AtomicLong transfers = new AtomicLong();
    /** Open reservations; a post removes one. */
    final Set<String> reservations = ConcurrentHashMap.newKeySet();

    final AtomicLong posts = new AtomicLong();
    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(16);

    FakeBank() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange x) throws IOException {
        requests.incrementAndGet();
        clientPorts.add(x.getRemoteAddress().getPort());
        String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String path = x.getRequestURI().getPath();
        String method = x.getRequestMethod();
        String[] parts = path.split("/");
        if (method.equals("POST") && path.equals("/accounts")) {
            String number = value(body, "account_number");
            String initial = value(body, "initial_balance_cents");
            balances.put(number, initial == null ? 0 : Long.parseLong(initial));
            reply(x, 201, "{\"account_number\":\"" + number + "\"}");
        } else if (method.equals("POST") && path.endsWith("/deposit")) {
            long amount = Long.parseLong(value(body, "amount_cents"));
            long balance = balances.merge(parts[2], amount, Long::sum);
            reply(x, 200, "{\"account_number\":\"" + parts[2] + "\",\"balance_cents\":" + balance + "}");
        } else if (method.equals("POST") && path.endsWith("/withdraw")) {
            reply(x, 409, "{\"error\":\"not today\"}");
        } else if (method.equals("POST") && path.equals("/transfers") && body.contains("\"pending\":true")) {
            String id = "r-" + transfers.incrementAndGet();
            reservations.add(id);
            reply(x, 201, "{\"correlation_id\":\"" + id + "\",\"status\":\"RESERVED\"}");
        } else if (method.equals("POST") && path.startsWith("/transfers/") && path.endsWith("/post")) {
            posts.incrementAndGet();
            if (reservations.remove(parts[2])) {
                reply(x, 200, "{\"correlation_id\":\"" + parts[2] + "\",\"status\":\"COMPLETED\"}");
            } else {
                reply(x, 409, "{\"code\":\"TRANSFER_NOT_PENDING\"}");
            }
        } else if (method.equals("POST") && path.equals("/transfers")) {
            reply(x, 202, "{\"correlation_id\":\"t-" + transfers.incrementAndGet() + "\",\"status\":\"PENDING\"}");
        } else if (method.equals("GET") && path.startsWith("/transfers/")) {
            reply(x, 200, "{\"correlation_id\":\"" + parts[2] + "\",\"status\":\"COMPLETED\"}");
        } else if (method.equals("GET") && path.endsWith("/balance")) {
            reply(x, 200, "{\"balance_cents\":" + balances.getOrDefault(parts[2], 0L) + "}");
        } else if (method.equals("GET") && path.endsWith("/transactions")) {
            chunked(x, "{\"items\":[", "{\"amount_cents\":1}", "]}");
        } else if (path.equals("/close")) {
            x.getResponseHeaders().set("Connection", "close");
            reply(x, 200, "{\"closing\":true}");
        } else {
            reply(x, 404, "{\"error\":\"no such thing\"}");
        }
    }

    private static String value(String body, String name) {
        Matcher m = NUMBER.matcher(body);
        while (m.find()) {
            if (m.group(1).equals(name)) {
                return m.group(2);
            }
        }
        return null;
    }

    private static void reply(HttpExchange x, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", "application/json");
        x.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void chunked(HttpExchange x, String... pieces) throws IOException {
        x.sendResponseHeaders(200, 0);
        try (OutputStream out = x.getResponseBody()) {
            for (String piece : pieces) {
                out.write(piece.getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
