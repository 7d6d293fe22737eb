package io.bankcore.app.webhooks;

import io.bankcore.app.events.DeliveryTracing;
import io.bankcore.app.events.EventLog;
import io.bankcore.app.events.PublicEvent;
import io.bankcore.app.events.SinkCursors;
import io.bankcore.app.events.SinkRunner;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Webhook endpoints: their registration, secrets and rotation, the delivery of one attempt, and the
 * endpoints this instance delivers (refreshed every second from the database, so an endpoint created,
 * disabled or deleted on another instance is followed here within a second).
 */
public class Webhooks implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Webhooks.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    static final String DELIVERED = "DELIVERED";
    static final String FAILED = "FAILED";

    /** Delivery settings ({@code bankcore.webhooks.*}). */
    public record Settings(
            Duration timeout,
            Duration initialBackoff,
            Duration maxBackoff,
            int maxFailures,
            int batchSize,
            Duration deliveryLogRetention) {

        /** {@code initialBackoff} doubled per consecutive failure, at most {@code maxBackoff}. */
        public Duration backoff(int failures) {
            long ms = Math.max(1, initialBackoff.toMillis());
            long max = Math.max(ms, maxBackoff.toMillis());
            for (int i = 1; i < failures && ms < max; i++) {
                ms *= 2;
            }
            return Duration.ofMillis(Math.min(ms, max));
        }
    }

    /** A new endpoint, or one whose secret was rotated: the secret is shown in this answer only. */
    public record WithSecret(WebhookStore.Endpoint endpoint, String secret) {}

    private final WebhookStore store;
    private final SinkCursors cursors;
    private final SinkRunner runner;
    private final EventLog events;
    private final SecretBox secrets;
    private final UrlPolicy policy;
    private final Settings settings;
    private final Clock clock;
    private final WebhookPoster http;
    private final DeliveryTracing tracing;
    private final Counter delivered;
    private final Counter failed;
    private final Map<String, WebhookStore.Endpoint> cache = new ConcurrentHashMap<>();
    private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "webhook-refresh");
        t.setDaemon(true);
        return t;
    });
    private volatile Instant lastPurge = Instant.EPOCH;
    private final java.util.concurrent.atomic.AtomicBoolean warnedUnsealed =
            new java.util.concurrent.atomic.AtomicBoolean();

    public Webhooks(
            WebhookStore store,
            SinkCursors cursors,
            SinkRunner runner,
            EventLog events,
            SecretBox secrets,
            UrlPolicy policy,
            Settings settings,
            MeterRegistry meters,
            Clock clock,
            DeliveryTracing tracing) {
        this.store = store;
        this.tracing = tracing;
        this.cursors = cursors;
        this.runner = runner;
        this.events = events;
        this.secrets = secrets;
        this.policy = policy;
        this.settings = settings;
        this.clock = clock;
        this.http = new WebhookPoster(settings.timeout());
        this.delivered = Counter.builder("bankcore.webhook.attempts")
                .description("webhook delivery attempts")
                .tag("outcome", "delivered")
                .register(meters);
        this.failed = Counter.builder("bankcore.webhook.attempts")
                .description("webhook delivery attempts")
                .tag("outcome", "failed")
                .register(meters);
    }

    public Settings settings() {
        return settings;
    }

    public UrlPolicy policy() {
        return policy;
    }

    DeliveryTracing tracing() {
        return tracing;
    }

    /** Loads the endpoints and starts their delivery; then follows changes every second. */
    public void start() {
        if (!store.all().isEmpty()) {
            warnUnsealed();
        }
        refresher.scheduleWithFixedDelay(this::refreshQuietly, 0, 1, TimeUnit.SECONDS);
    }

    private void warnUnsealed() {
        if (!secrets.sealing() && !warnedUnsealed.getAndSet(true)) {
            log.warn("webhooks: signing secrets are stored unsealed; set BANKCORE_WEBHOOKS_SECRET_KEY (32+ characters)"
                    + " to seal them with AES-GCM");
        }
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (RuntimeException trouble) {
            log.warn("webhooks: cannot read the endpoints: {}", trouble.toString());
        }
    }

    /** Re-reads the endpoints: starts the enabled ones here, stops the others. */
    public void refresh() {
        var seen = new java.util.HashSet<String>();
        for (WebhookStore.Endpoint endpoint : store.all()) {
            seen.add(endpoint.id());
            cache.put(endpoint.id(), endpoint);
            if (endpoint.enabled()) {
                runner.start(new WebhookSink(endpoint.id(), this));
            } else {
                runner.stop(WebhookSink.name(endpoint.id()));
            }
        }
        for (String id : List.copyOf(cache.keySet())) {
            if (!seen.contains(id)) {
                cache.remove(id);
                runner.stop(WebhookSink.name(id));
            }
        }
        Instant now = clock.instant();
        if (Duration.between(lastPurge, now).compareTo(Duration.ofHours(1)) > 0) {
            lastPurge = now;
            int purged = store.purgeDeliveries(now.minus(settings.deliveryLogRetention()));
            if (purged > 0) {
                log.info(
                        "webhooks: purged {} delivery attempts older than {}", purged, settings.deliveryLogRetention());
            }
        }
    }

    WebhookStore.Endpoint cached(String id) {
        return cache.get(id);
    }

    public List<WebhookStore.Endpoint> list() {
        return store.all();
    }

    public WebhookStore.Endpoint get(String id) {
        return store.get(id);
    }

    public SinkCursors.Cursor cursor(String id) {
        return cursors.get(WebhookSink.name(id));
    }

    public List<WebhookStore.Delivery> deliveries(String id, Long before, int limit) {
        return store.deliveries(id, before, limit);
    }

    /** {@code after}: the position to deliver after; null for the newest (only events from now on). */
    public WithSecret create(URI url, String description, Set<String> types, Long after) {
        Instant now = clock.instant();
        String id = "wh_" + HexFormat.of().formatHex(randomBytes(8));
        String secret = Signatures.newSecret();
        var endpoint = new WebhookStore.Endpoint(
                id, url.toString(), description, types, secrets.seal(id, secret), null, null, true, null, now, now);
        cursors.create(WebhookSink.name(id), after == null ? events.newest() : after, now);
        store.insert(endpoint);
        cache.put(id, endpoint);
        runner.start(new WebhookSink(id, this));
        log.info("webhooks: endpoint {} created for {}", id, url.getHost());
        warnUnsealed();
        return new WithSecret(endpoint, secret);
    }

    /** Null when there is no such endpoint. Enabling again clears the failures: the next attempt is now. */
    public WebhookStore.Endpoint update(
            String id,
            Optional<URI> url,
            Optional<String> description,
            Optional<Set<String>> types,
            Optional<Boolean> enabled) {
        WebhookStore.Endpoint current = store.get(id);
        if (current == null) {
            return null;
        }
        Instant now = clock.instant();
        boolean enable = enabled.orElse(current.enabled());
        var updated = new WebhookStore.Endpoint(
                id,
                url.map(URI::toString).orElse(current.url()),
                description.isPresent() ? description.get() : current.description(),
                types.orElse(current.eventTypes()),
                current.sealedSecret(),
                current.sealedPreviousSecret(),
                current.previousSecretUntil(),
                enable,
                enable ? null : (current.enabled() ? "disabled by an operator" : current.disabledReason()),
                current.createdAt(),
                now);
        if (enable && !current.enabled()) {
            cursors.reset(WebhookSink.name(id), now);
        }
        store.update(updated);
        cache.put(id, updated);
        if (enable) {
            runner.start(new WebhookSink(id, this));
        } else {
            runner.stop(WebhookSink.name(id));
        }
        return updated;
    }

    public boolean delete(String id) {
        runner.stop(WebhookSink.name(id));
        cache.remove(id);
        boolean deleted = store.delete(id);
        cursors.delete(WebhookSink.name(id));
        return deleted;
    }

    /** A new secret; the previous one is still signed with for {@code previousValidFor}. Null: no such endpoint. */
    public WithSecret rotate(String id, Duration previousValidFor) {
        WebhookStore.Endpoint current = store.get(id);
        if (current == null) {
            return null;
        }
        Instant now = clock.instant();
        String secret = Signatures.newSecret();
        boolean keepPrevious = !previousValidFor.isZero();
        var updated = new WebhookStore.Endpoint(
                id,
                current.url(),
                current.description(),
                current.eventTypes(),
                secrets.seal(id, secret),
                keepPrevious ? secrets.seal(id, secrets.open(id, current.sealedSecret())) : null,
                keepPrevious ? now.plus(previousValidFor) : null,
                current.enabled(),
                current.disabledReason(),
                current.createdAt(),
                now);
        store.update(updated);
        cache.put(id, updated);
        return new WithSecret(updated, secret);
    }

    void disableAfterFailures(String id, int failures, String lastError) {
        String reason = "disabled after " + failures + " consecutive failed deliveries (last: "
                + (lastError == null ? "unknown" : lastError) + ")";
        if (store.disable(id, truncate(reason), clock.instant())) {
            log.warn("webhooks: endpoint {} {}", id, reason);
        }
        WebhookStore.Endpoint endpoint = store.get(id);
        if (endpoint != null) {
            cache.put(id, endpoint);
        }
    }

    /** Sends the event at {@code position} once more; the cursor and the failure count stay as they are. */
    public Optional<WebhookStore.Delivery> resend(String id, long position) {
        WebhookStore.Endpoint endpoint = store.get(id);
        EventLog.StoredEvent stored = events.at(position);
        if (endpoint == null || stored == null) {
            return Optional.empty();
        }
        PublicEvent event = PublicEvent.of(stored);
        WebhookStore.Delivery made = attempt(endpoint, event, 1, true, tracing.round(List.of(event)));
        return Optional.of(made.withId(store.record(made)));
    }

    /** Logs attempts made (a delivery round's, in the transaction that moves its cursor). */
    void record(List<WebhookStore.Delivery> attempts) {
        store.recordAll(attempts);
    }

    /**
     * One attempt, not yet in the delivery log (its id is 0 until it is); a span of {@code traces} when
     * tracing is on, whose context the request carries ({@code traceparent}).
     */
    WebhookStore.Delivery attempt(
            WebhookStore.Endpoint endpoint,
            PublicEvent event,
            int attempt,
            boolean resend,
            DeliveryTracing.Round traces) {
        var trace = new HashMap<String, String>(4);
        DeliveryTracing.Delivery span =
                traces.start("webhook.deliver", WebhookSink.name(endpoint.id()), event, trace::put);
        Instant started = clock.instant();
        long t0 = System.nanoTime();
        Integer status = null;
        String error = null;
        try {
            URI uri = policy.parse(endpoint.url());
            policy.checkAddresses(uri);
            byte[] body = event.bytes();
            var keys = new ArrayList<String>(2);
            keys.add(secrets.open(endpoint.id(), endpoint.sealedSecret()));
            if (endpoint.sealedPreviousSecret() != null
                    && endpoint.previousSecretUntil() != null
                    && started.isBefore(endpoint.previousSecretUntil())) {
                keys.add(secrets.open(endpoint.id(), endpoint.sealedPreviousSecret()));
            }
            status = http.post(
                    uri,
                    body,
                    Map.of(
                            "Content-Type",
                            "application/json",
                            "User-Agent",
                            "bankcore-webhooks/1",
                            "Bankcore-Event-Id",
                            event.eventId(),
                            "Bankcore-Event-Type",
                            event.type(),
                            Signatures.HEADER,
                            Signatures.header(started.getEpochSecond(), body, keys)),
                    trace);
            if (status < 200 || status >= 300) {
                error = "HTTP " + status;
            }
        } catch (UrlPolicy.Refused refused) {
            error = "URL refused: " + refused.getMessage();
        } catch (SocketTimeoutException timedOut) {
            error = "no answer within " + settings.timeout().toMillis() + " ms";
        } catch (IOException unreachable) {
            error = "connection failed (" + unreachable.getClass().getSimpleName() + ")";
        } catch (IllegalStateException unsignable) {
            // A secret that cannot be opened: the message names the endpoint and the setting, never the secret.
            error = unsignable.getMessage();
        }
        long durationMs = (System.nanoTime() - t0) / 1_000_000;
        span.end(error);
        boolean ok = error == null;
        (ok ? delivered : failed).increment();
        return new WebhookStore.Delivery(
                0,
                endpoint.id(),
                event.position(),
                event.eventId(),
                event.type(),
                attempt,
                ok ? DELIVERED : FAILED,
                resend,
                status,
                durationMs,
                truncate(error),
                started,
                ok || resend ? null : clock.instant().plus(settings.backoff(attempt)));
    }

    private static String truncate(String text) {
        return text == null || text.length() <= 500 ? text : text.substring(0, 500);
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    @Override
    public void close() {
        refresher.shutdownNow();
    }
}
