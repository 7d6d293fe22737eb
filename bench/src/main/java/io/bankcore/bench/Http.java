package io.bankcore.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/** A lean HTTP/1.1 client on one keep-alive connection; one per client thread. */
final class Http implements AutoCloseable {

    record Reply(int status, String body, String location) {}

    private final String host;
    private final int port;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private final byte[] line = new byte[8192];

    /** Header lines (each ending in CRLF) sent with every request: a credential, say. */
    private final String defaultHeaders;

    Http(String host, int port) throws IOException {
        this(host, port, "");
    }

    Http(String host, int port, String defaultHeaders) throws IOException {
        this.host = host;
        this.port = port;
        this.defaultHeaders = defaultHeaders;
        connect();
    }

    private void connect() throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(60_000);
        socket.connect(new InetSocketAddress(host, port), 5_000);
        in = new BufferedInputStream(socket.getInputStream(), 16384);
        out = socket.getOutputStream();
    }

    Reply get(String path) throws IOException {
        return send("GET", path, null);
    }

    Reply post(String path, String body) throws IOException {
        return send("POST", path, body);
    }

    /** With extra header lines, each ending in CRLF. */
    Reply post(String path, String body, String headers) throws IOException {
        return send("POST", path, body, headers);
    }

    Reply send(String method, String path, String body) throws IOException {
        return send(method, path, body, "");
    }

    private Reply send(String method, String path, String body, String headers) throws IOException {
        try {
            return exchange(method, path, body, headers);
        } catch (IOException stale) {
            // The server may close an idle keep-alive connection; a request it never read is safe
            // to send again on a new one only when it is a GET.
            reconnectQuietly();
            if (!method.equals("GET")) {
                throw stale;
            }
            return exchange(method, path, body, headers);
        }
    }

    private void reconnectQuietly() {
        try {
            close();
            connect();
        } catch (IOException ignored) {
            // the next exchange fails and is counted
        }
    }

    private Reply exchange(String method, String path, String body, String headers) throws IOException {
        byte[] payload = body == null ? null : body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(160)
                .append(method)
                .append(' ')
                .append(path)
                .append(" HTTP/1.1\r\nHost: ")
                .append(host)
                .append(':')
                .append(port)
                .append("\r\n")
                .append(defaultHeaders)
                .append(headers);
        if (payload != null) {
            head.append("Content-Type: application/json\r\nContent-Length: ")
                    .append(payload.length)
                    .append("\r\n");
        }
        head.append("\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        if (payload == null) {
            out.write(headBytes);
        } else {
            byte[] all = Arrays.copyOf(headBytes, headBytes.length + payload.length);
            System.arraycopy(payload, 0, all, headBytes.length, payload.length);
            out.write(all);
        }
        out.flush();

        String statusLine = readLine();
        if (statusLine == null) {
            throw new IOException("connection closed before the status line");
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        boolean close = false;
        String location = null;
        for (String h; (h = readLine()) != null && !h.isEmpty(); ) {
            int colon = h.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = h.substring(colon + 1).trim();
            switch (name) {
                case "content-length" -> length = Long.parseLong(value);
                case "transfer-encoding" ->
                    chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                case "connection" -> close = value.equalsIgnoreCase("close");
                case "location" -> location = value;
                default -> {}
            }
        }
        ByteArrayOutputStream bodyOut = new ByteArrayOutputStream(256);
        if (chunked) {
            while (true) {
                String size = readLine();
                if (size == null) {
                    throw new IOException("connection closed inside a chunked body");
                }
                int semi = size.indexOf(';');
                int n = Integer.parseInt((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
                if (n == 0) {
                    for (String t; (t = readLine()) != null && !t.isEmpty(); ) {
                        // trailers
                    }
                    break;
                }
                bodyOut.write(in.readNBytes(n));
                readLine();
            }
        } else if (length > 0) {
            bodyOut.write(in.readNBytes((int) length));
        } else if (length < 0 && close) {
            bodyOut.write(in.readAllBytes());
        }
        if (close) {
            close();
            connect();
        }
        return new Reply(status, bodyOut.toString(StandardCharsets.UTF_8), location);
    }

    private String readLine() throws IOException {
        int n = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                return n == 0 ? null : new String(line, 0, n, StandardCharsets.ISO_8859_1);
            }
            if (b == '\n') {
                if (n > 0 && line[n - 1] == '\r') {
                    n--;
                }
                return new String(line, 0, n, StandardCharsets.ISO_8859_1);
            }
            if (n < line.length) {
                line[n++] = (byte) b;
            }
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
