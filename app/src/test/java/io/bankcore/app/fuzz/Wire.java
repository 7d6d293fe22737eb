package io.bankcore.app.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Sends a {@link FuzzRequest} with {@link HttpClient} when the JDK lets it, and otherwise writes the
 * bytes on a plain socket. Either way the answer comes back as an {@link Exchange}.
 */
final class Wire {

    /** What came back; {@code status} is -1 when nothing did (then {@code error} says why). */
    record Exchange(int status, Map<String, List<String>> headers, byte[] body, String transport, String error) {

        String header(String name) {
            var values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        String describe() {
            if (status < 0) {
                return "no response via " + transport + ": " + error;
            }
            return status + " via " + transport + ", Content-Type: " + header("content-type") + ", body (" + body.length
                    + " bytes): " + FuzzRequest.excerpt(body, 500);
        }
    }

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    private final int port;

    /**
     * Requests the JDK client refused to build, or would have changed (it writes header values as
     * US-ASCII, every other char as {@code ?}), sent over a socket instead.
     */
    int clientRefusals;

    Wire(int port) {
        this.port = port;
    }

    int port() {
        return port;
    }

    Exchange send(FuzzRequest request) {
        if (request.raw() != null) {
            return socket(request.raw(), request.isHead());
        }
        if (request.headers().stream().anyMatch(h -> h.value().chars().anyMatch(c -> c > 0x7f))) {
            clientRefusals++;
            return socket(serialize(request), request.isHead());
        }
        HttpRequest built;
        try {
            var builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + request.target()))
                    .timeout(Duration.ofSeconds(60));
            for (var h : request.headers()) {
                builder.header(h.name(), h.value());
            }
            builder.method(
                    request.method(),
                    request.body() == null
                            ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(request.body()));
            built = builder.build();
        } catch (IllegalArgumentException refused) {
            clientRefusals++;
            return socket(serialize(request), request.isHead());
        }
        try {
            var response = client.send(built, HttpResponse.BodyHandlers.ofByteArray());
            var headers = new LinkedHashMap<String, List<String>>();
            response.headers().map().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v));
            return new Exchange(response.statusCode(), headers, response.body(), "HttpClient", null);
        } catch (IOException e) {
            return new Exchange(-1, Map.of(), new byte[0], "HttpClient", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The request as HTTP/1.1 bytes, for when the JDK client refuses to send it. */
    byte[] serialize(FuzzRequest request) {
        var head = new StringBuilder();
        head.append(request.method()).append(' ').append(request.target()).append(" HTTP/1.1\r\n");
        head.append("Host: 127.0.0.1:").append(port).append("\r\n");
        for (var h : request.headers()) {
            head.append(h.name()).append(": ").append(h.value()).append("\r\n");
        }
        if (request.body() != null) {
            head.append("Content-Length: ").append(request.body().length).append("\r\n");
        }
        head.append("Connection: close\r\n\r\n");
        var out = new ByteArrayOutputStream();
        // Header values are byte strings, as java.net.http sends them (ISO-8859-1), when they can be.
        var text = head.toString();
        boolean bytes = text.chars().allMatch(c -> c <= 0xff);
        out.writeBytes(text.getBytes(bytes ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8));
        if (request.body() != null) {
            out.writeBytes(request.body());
        }
        return out.toByteArray();
    }

    /** Writes the bytes verbatim and reads one response (skipping 1xx). */
    Exchange socket(byte[] bytes, boolean head) {
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(bytes);
                out.flush();
            } catch (IOException early) {
                // the server may answer and close before reading everything; read what it said
            }
            InputStream in = socket.getInputStream();
            while (true) {
                String statusLine = readLine(in);
                if (statusLine == null) {
                    return new Exchange(-1, Map.of(), new byte[0], "socket", "connection closed without a response");
                }
                if (!statusLine.startsWith("HTTP/")) {
                    var rest = readToEnd(in);
                    var all = (statusLine + "\n").getBytes(StandardCharsets.ISO_8859_1);
                    return new Exchange(
                            -1,
                            Map.of(),
                            concat(all, rest),
                            "socket",
                            "no status line: " + FuzzRequest.excerpt(all, 200));
                }
                var parts = statusLine.split(" ", 3);
                int status = Integer.parseInt(parts[1].strip());
                var headers = new LinkedHashMap<String, List<String>>();
                String line;
                while ((line = readLine(in)) != null && !line.isEmpty()) {
                    int colon = line.indexOf(':');
                    if (colon > 0) {
                        headers.computeIfAbsent(
                                        line.substring(0, colon).strip().toLowerCase(Locale.ROOT),
                                        k -> new ArrayList<>())
                                .add(line.substring(colon + 1).strip());
                    }
                }
                if (status >= 100 && status < 200) {
                    continue;
                }
                byte[] body;
                var te = headers.getOrDefault("transfer-encoding", List.of());
                var cl = headers.getOrDefault("content-length", List.of());
                if (head || status == 204 || status == 304) {
                    body = new byte[0];
                } else if (te.stream().anyMatch(v -> v.toLowerCase(Locale.ROOT).contains("chunked"))) {
                    body = dechunk(in);
                } else if (!cl.isEmpty()) {
                    body = in.readNBytes(Integer.parseInt(cl.get(0)));
                } else {
                    body = readToEnd(in);
                }
                return new Exchange(status, headers, body, "socket", null);
            }
        } catch (IOException | RuntimeException e) {
            return new Exchange(-1, Map.of(), new byte[0], "socket", e.toString());
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        var out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static byte[] readToEnd(InputStream in) throws IOException {
        var out = new ByteArrayOutputStream();
        var buffer = new byte[8192];
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException | java.net.SocketException stopped) {
            // keep what arrived
        }
        return out.toByteArray();
    }

    private static byte[] dechunk(InputStream in) throws IOException {
        var out = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine(in);
            if (sizeLine == null) {
                return out.toByteArray();
            }
            int semicolon = sizeLine.indexOf(';');
            int size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).strip(), 16);
            if (size == 0) {
                String trailer;
                while ((trailer = readLine(in)) != null && !trailer.isEmpty()) {
                    // skip trailers
                }
                return out.toByteArray();
            }
            out.write(in.readNBytes(size));
            readLine(in);
        }
    }

    /** One line without its CR LF (or bare LF), read byte by byte as ISO-8859-1; null at end of stream. */
    private static String readLine(InputStream in) throws IOException {
        var line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                var bytes = line.toByteArray();
                int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }
}
