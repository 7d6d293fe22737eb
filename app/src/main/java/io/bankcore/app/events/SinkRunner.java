package io.bankcore.app.events;

import io.bankcore.app.ops.EventStoreHead;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every event sink as its own streaming processor: a loop over the position-ordered
 * {@link EventLog} from the sink's own cursor ({@link SinkCursors}), on a small pool shared by the
 * sinks but never by the write path or the read models. A sink runs on one instance at a time (its
 * lease, renewed at every round, taken over when it lapses: a killed instance's sinks move within
 * {@code lease}); one round at a time per sink keeps its order; a failing sink waits out its back-off
 * without holding up the others. The cursor moves only after the sink reports an event delivered, so
 * delivery is at least once: a crash between a delivery and its cursor update sends that event again.
 *
 * <p>Why not Axon's own streaming processors: across a gap their gap-aware token hands a late-committed
 * event over after later ones (out of position order), and they are configured at start-up, while
 * webhook endpoints come and go at run time.
 */
public class SinkRunner implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SinkRunner.class);
    private static final Duration BUSY_ELSEWHERE = Duration.ofSeconds(1);
    private static final Duration TROUBLE = Duration.ofSeconds(2);

    private final EventLog events;
    private final SinkCursors cursors;
    private final EventStoreHead head;
    private final MeterRegistry meters;
    private final String nodeId;
    private final Clock clock;
    private final Duration pollInterval;
    private final Duration lease;
    private final ScheduledExecutorService pool;
    private final Map<String, Running> running = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private final class Running {
        final Sink sink;
        final Counter delivered;
        final List<Meter> meters = new ArrayList<>();
        volatile boolean stopped;
        volatile boolean error;
        /** Until when this instance holds the lease, as last renewed (a round renews it past half-time only). */
        volatile Instant leaseUntil = Instant.EPOCH;

        Running(Sink sink) {
            this.sink = sink;
            this.delivered = Counter.builder("bankcore.event.sink.delivered")
                    .description("events a sink delivered (redeliveries included)")
                    .tag("sink", sink.name())
                    .register(SinkRunner.this.meters);
            meters.add(delivered);
            meters.add(Gauge.builder("bankcore.event.sink.lag.events", this, r -> r.lagEvents())
                    .description("events in the store the sink has not delivered yet")
                    .tag("sink", sink.name())
                    .register(SinkRunner.this.meters));
            meters.add(Gauge.builder("bankcore.event.sink.failures", this, r -> r.failures())
                    .description("consecutive failed delivery attempts of the sink")
                    .tag("sink", sink.name())
                    .register(SinkRunner.this.meters));
        }

        double lagEvents() {
            SinkCursors.Cursor cursor = cursors.get(sink.name());
            return cursor == null
                    ? 0
                    : head.behind(cursor.position(), head.head()).events();
        }

        double failures() {
            SinkCursors.Cursor cursor = cursors.get(sink.name());
            return cursor == null ? 0 : cursor.failures();
        }
    }

    public SinkRunner(
            EventLog events,
            SinkCursors cursors,
            EventStoreHead head,
            MeterRegistry meters,
            String nodeId,
            Clock clock,
            Duration pollInterval,
            Duration lease,
            int threads) {
        this.events = events;
        this.cursors = cursors;
        this.head = head;
        this.meters = meters;
        this.nodeId = nodeId;
        this.clock = clock;
        this.pollInterval = pollInterval;
        this.lease = lease;
        this.pool = Executors.newScheduledThreadPool(threads, r -> {
            Thread t = new Thread(r, "event-sink");
            t.setDaemon(true);
            return t;
        });
    }

    public String nodeId() {
        return nodeId;
    }

    /** Starts delivering a sink unless it runs already. */
    public void start(Sink sink) {
        if (closed) {
            return;
        }
        running.computeIfAbsent(sink.name(), name -> {
            var entry = new Running(sink);
            pool.execute(() -> step(entry));
            return entry;
        });
    }

    /** Stops a sink in this instance (its cursor stays); its lease lapses or is taken back at the next start. */
    public void stop(String name) {
        Running entry = running.remove(name);
        if (entry != null) {
            entry.stopped = true;
            entry.meters.forEach(meters::remove);
        }
    }

    public boolean isRunning(String name) {
        return running.containsKey(name);
    }

    public boolean isError(String name) {
        Running entry = running.get(name);
        return entry != null && entry.error;
    }

    public List<String> names() {
        return List.copyOf(running.keySet());
    }

    private void schedule(Running entry, Duration delay) {
        if (closed || entry.stopped) {
            return;
        }
        try {
            pool.schedule(() -> step(entry), Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
            // closed meanwhile
        }
    }

    private void step(Running entry) {
        if (closed || entry.stopped) {
            return;
        }
        Sink sink = entry.sink;
        if (!sink.active()) {
            stop(sink.name());
            return;
        }
        Duration next;
        try {
            next = round(entry, sink);
        } catch (RuntimeException trouble) {
            // The database (or a bug): not the receiver's fault, so no failure is counted; try again soon.
            entry.error = true;
            log.warn("event sink {}: round failed, retrying in {}: {}", sink.name(), TROUBLE, trouble.toString());
            next = TROUBLE;
        }
        schedule(entry, next);
    }

    /** One delivery round; answers when to run the next. */
    private Duration round(Running entry, Sink sink) {
        Instant now = clock.instant();
        if (now.isAfter(entry.leaseUntil.minus(lease.dividedBy(2)))) {
            if (!cursors.claim(sink.name(), nodeId, now, lease)) {
                entry.leaseUntil = Instant.EPOCH;
                return BUSY_ELSEWHERE;
            }
            entry.leaseUntil = now.plus(lease);
        }
        SinkCursors.Cursor cursor = cursors.get(sink.name());
        if (cursor == null) {
            stop(sink.name());
            return Duration.ZERO;
        }
        if (!nodeId.equals(cursor.owner())) {
            // Taken over after this instance's lease lapsed (a long pause): claim again next round.
            entry.leaseUntil = Instant.EPOCH;
            return BUSY_ELSEWHERE;
        }
        if (cursor.nextAttemptAt() != null && now.isBefore(cursor.nextAttemptAt())) {
            // Waiting out a back-off; looked at again within a second, so an enabled-again reset is seen soon.
            Duration wait = Duration.between(now, cursor.nextAttemptAt());
            return wait.compareTo(BUSY_ELSEWHERE) < 0 ? wait : BUSY_ELSEWHERE;
        }
        EventLog.Batch batch = events.after(cursor.position(), sink.batchSize());
        if (batch.events().isEmpty()) {
            entry.error = false;
            return pollInterval;
        }
        var wanted = new ArrayList<PublicEvent>(batch.events().size());
        for (EventLog.StoredEvent stored : batch.events()) {
            PublicEvent event = PublicEvent.of(stored);
            if (sink.accepts(event)) {
                wanted.add(event);
            }
        }
        if (!wanted.isEmpty()) {
            try {
                sink.deliver(wanted, cursor.failures(), position -> {
                    entry.delivered.increment();
                    if (!cursors.advance(sink.name(), nodeId, position, clock.instant())) {
                        throw new LostLease();
                    }
                });
            } catch (LostLease lost) {
                entry.leaseUntil = Instant.EPOCH;
                return BUSY_ELSEWHERE;
            } catch (Sink.Failure failure) {
                int failures = cursor.failures() + 1;
                Duration backoff = sink.backoff(failures);
                Instant at = clock.instant();
                int counted = cursors.fail(sink.name(), nodeId, failure.getMessage(), at.plus(backoff), at);
                entry.error = true;
                log.info(
                        "event sink {}: delivery failed ({} in a row), next attempt in {}: {}",
                        sink.name(),
                        counted,
                        backoff,
                        failure.getMessage());
                sink.tooManyFailures(counted, failure.getMessage());
                return backoff;
            }
        }
        // Past the events this sink does not want, after the last one it delivered.
        cursors.advance(sink.name(), nodeId, batch.through(), clock.instant());
        entry.error = false;
        return batch.heldBack() ? pollInterval : Duration.ZERO;
    }

    /** Releases this instance's leases: another instance (or this one restarted) takes over at once. */
    @Override
    public void close() {
        closed = true;
        pool.shutdown();
        try {
            pool.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        try {
            cursors.release(nodeId);
        } catch (RuntimeException databaseGone) {
            // leases lapse by themselves
        }
    }

    private static final class LostLease extends RuntimeException {
        LostLease() {
            super("lease lost", null, false, false);
        }
    }
}
