package io.bankcore.app.events;

import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code GET /events/stream}: each subscriber is a cursor polled every {@code pollInterval}; what it
 * finds is sent as SSE events whose {@code id} is the position, so a client reconnecting with
 * {@code Last-Event-ID} resumes right after the last event it received. Sending runs on a small pool,
 * one subscriber at a time, never on the thread that polls; a subscriber beyond {@code maxClients}
 * is refused, and a comment line every {@code heartbeat} keeps idle connections open through proxies.
 */
public class EventStreams implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EventStreams.class);
    private static final int BATCH = 500;

    private final EventFeed feed;
    private final Duration pollInterval;
    private final Duration heartbeat;
    private final Duration timeout;
    private final int maxClients;
    private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
    private final AtomicInteger count = new AtomicInteger();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "event-stream-poll");
        t.setDaemon(true);
        return t;
    });
    private final ExecutorService senders = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "event-stream-send");
        t.setDaemon(true);
        return t;
    });

    public EventStreams(EventFeed feed, Duration pollInterval, Duration heartbeat, Duration timeout, int maxClients) {
        this.feed = feed;
        this.pollInterval = pollInterval;
        this.heartbeat = heartbeat;
        this.timeout = timeout;
        this.maxClients = maxClients;
        ticker.scheduleWithFixedDelay(
                this::tick, pollInterval.toMillis(), pollInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Null when {@code maxClients} streams are open already. */
    public SseEmitter open(long after, Set<String> types) {
        if (count.incrementAndGet() > maxClients) {
            count.decrementAndGet();
            return null;
        }
        var emitter = new SseEmitter(timeout.toMillis());
        var subscriber = new Subscriber(emitter, after, types);
        emitter.onCompletion(() -> remove(subscriber));
        emitter.onTimeout(() -> remove(subscriber));
        emitter.onError(e -> remove(subscriber));
        subscribers.add(subscriber);
        senders.execute(subscriber::poll);
        return emitter;
    }

    private void remove(Subscriber subscriber) {
        if (subscribers.remove(subscriber)) {
            count.decrementAndGet();
        }
    }

    private void tick() {
        for (Subscriber subscriber : subscribers) {
            if (subscriber.busy.compareAndSet(0, 1)) {
                senders.execute(() -> {
                    try {
                        subscriber.poll();
                    } finally {
                        subscriber.busy.set(0);
                    }
                });
            }
        }
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        senders.shutdownNow();
        for (Subscriber subscriber : subscribers) {
            subscriber.emitter.complete();
        }
    }

    private final class Subscriber {
        final SseEmitter emitter;
        final Set<String> types;
        final AtomicInteger busy = new AtomicInteger();
        volatile long after;
        volatile long lastSentNanos = System.nanoTime();

        Subscriber(SseEmitter emitter, long after, Set<String> types) {
            this.emitter = emitter;
            this.after = after;
            this.types = types;
        }

        synchronized void poll() {
            if (!subscribers.contains(this)) {
                return;
            }
            try {
                while (true) {
                    EventFeed.Page page = feed.page(after, BATCH, types);
                    for (PublicEvent event : page.events()) {
                        emitter.send(SseEmitter.event()
                                .id(Long.toString(event.position()))
                                .name(event.type())
                                .data(event.json(), MediaType.APPLICATION_JSON));
                        after = event.position();
                        lastSentNanos = System.nanoTime();
                    }
                    // Filtered streams move past what was scanned, so a resumed stream does not rescan it.
                    after = Math.max(after, page.next());
                    if (page.events().size() < BATCH) {
                        break;
                    }
                }
                if (System.nanoTime() - lastSentNanos > heartbeat.toNanos()) {
                    emitter.send(SseEmitter.event().comment("keep-alive"));
                    lastSentNanos = System.nanoTime();
                }
            } catch (IOException | IllegalStateException gone) {
                // The client went away: the container completes the emitter.
                remove(this);
                emitter.completeWithError(gone);
            } catch (RuntimeException failed) {
                log.warn("event stream: read failed, closing the stream: {}", failed.toString());
                remove(this);
                emitter.completeWithError(failed);
            }
        }
    }
}
