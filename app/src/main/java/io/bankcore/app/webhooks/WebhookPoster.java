package io.bankcore.app.webhooks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * One webhook {@code POST}, made on the calling thread with the JDK's {@link HttpURLConnection}:
 * no proxy, no redirects followed, connections kept alive between deliveries to the same receiver.
 * A blocking call on the delivering thread, rather than {@code java.net.http.HttpClient}'s hand-offs
 * between its selector and worker threads: on a busy machine each hand-off waits for a core, which
 * made a serial endpoint's deliveries slow, and cost more CPU per delivery.
 *
 * <p>The body (a few hundred bytes) is handed over whole, not in streaming mode: for a streaming
 * {@code POST} the JDK first probes a kept-alive connection with a read that blocks for a millisecond
 * and ends in an exception, on every request. Without it, a {@code POST} on a kept-alive connection the
 * receiver has meanwhile closed is sent again once on a new one, as the JDK does by default: at most a
 * duplicate, which delivery at least once allows (the receiver sees the same {@code Bankcore-Event-Id}).
 */
final class WebhookPoster {

    /** Bytes of a receiver's answer read (and discarded) so that its connection can be reused. */
    private static final int MAX_DRAINED = 64 * 1024;

    private final int timeoutMs;

    WebhookPoster(Duration timeout) {
        this.timeoutMs = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    }

    /**
     * Posts {@code body} with {@code headers} and {@code more} (a trace's, when tracing is on); answers
     * the HTTP status. {@link java.net.SocketTimeoutException} when the receiver does not connect, or
     * does not answer, within the timeout.
     */
    int post(URI uri, byte[] body, Map<String, String> headers, Map<String, String> more) throws IOException {
        var connection = (HttpURLConnection) uri.toURL().openConnection(Proxy.NO_PROXY);
        boolean reusable = false;
        try {
            connection.setConnectTimeout(timeoutMs);
            connection.setReadTimeout(timeoutMs);
            connection.setInstanceFollowRedirects(false);
            connection.setUseCaches(false);
            connection.setRequestMethod("POST");
            connection.setDoOutput(true);
            headers.forEach(connection::setRequestProperty);
            more.forEach(connection::setRequestProperty);
            try (OutputStream out = connection.getOutputStream()) {
                out.write(body);
            }
            int status = connection.getResponseCode();
            reusable = drain(status >= 400 ? connection.getErrorStream() : connection.getInputStream());
            return status;
        } finally {
            if (!reusable) {
                connection.disconnect();
            }
        }
    }

    /** Reads an answer's body to its end (true: the connection may be reused) or gives up past a limit. */
    private static boolean drain(InputStream in) throws IOException {
        if (in == null) {
            return true;
        }
        try (in) {
            byte[] buffer = new byte[8192];
            long total = 0;
            int n;
            while ((n = in.read(buffer)) >= 0) {
                total += n;
                if (total > MAX_DRAINED) {
                    return false;
                }
            }
            return true;
        }
    }
}
