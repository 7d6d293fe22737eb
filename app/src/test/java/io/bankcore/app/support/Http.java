package io.bankcore.app.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A plain HTTP client for black-box tests: real requests on a real port, JSON parsed loosely. */
public final class Http {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final java.util.Map<String, String> headers;

    public Http(int port) {
        this(port, java.util.Map.of());
    }

    /** A client that sends these headers (a credential, say) with every request. */
    public Http(int port, java.util.Map<String, String> headers) {
        this.base = "http://127.0.0.1:" + port;
        this.headers = java.util.Map.copyOf(headers);
    }

    public Response get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    public Response post(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Response patch(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json)));
    }

    public Response put(String path, String json) {
        return put(path, json, java.util.Map.of());
    }

    /** A JSON PUT with extra headers (an Idempotency-Key, say). */
    public Response put(String path, String json, java.util.Map<String, String> extra) {
        var request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json));
        extra.forEach(request::header);
        return send(request);
    }

    public Response delete(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE());
    }

    /** A JSON POST with extra headers (an Idempotency-Key, say). */
    public Response post(String path, String json, java.util.Map<String, String> extra) {
        var request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        extra.forEach(request::header);
        return send(request);
    }

    public Response send(HttpRequest.Builder request) {
        headers.forEach(request::setHeader);
        try {
            var response =
                    client.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Opens a BRL account under a fresh number with that initial balance; fails the test unless 201. */
    public String openAccount(long initialBalanceMinor) {
        String number = AccountNumbers.fresh();
        var created = post(
                "/accounts",
                "{\"account_number\":\"" + number + "\",\"initial_balance_cents\":" + initialBalanceMinor + "}");
        if (created.status() != 201) {
            throw new AssertionError("cannot open an account: " + created);
        }
        return number;
    }

    public static String json(Object value) {
        return JSON.writeValueAsString(value);
    }

    /** A response whose body is parsed as JSON on demand. */
    public record Response(HttpResponse<String> raw) {

        public int status() {
            return raw.statusCode();
        }

        public String body() {
            return raw.body();
        }

        public JsonNode json() {
            return JSON.readTree(raw.body());
        }

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        @Override
        public String toString() {
            return status() + " " + body();
        }
    }
}
