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
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Runs every event sink as its own streaming processor: a loop over the position-ordered
 * {@link EventLog} from the sink's own cursor ({@link SinkCursors}), on a small pool shared by the
 * sinks but never by the write path or the read models. A sink runs on one instance at a time (its
 * lease, renewed at every round, taken over when it lapses: a killed instance's sinks move within
 * {@code lease}); one round at a time per sink keeps its order; a failing sink waits out its back-off
 * without holding up the others. The cursor moves only past events the sink reported delivered, at the
 * end of a round (at most a batch, and at most {@code roundTime}, within a third of the lease), in one
 * transaction with the sink's own log of the round's attempts: one commit per round, not per event.
 * Delivery is at least once: a crash during a round sends that round's delivered events again. A sink
 * that has caught up waits {@code pollInterval} between rounds, so that a round carries what arrived
 * meanwhile.
 *
 * <p>Why not Axon's own streaming processors: across a gap their gap-aware token hands a late-committed
 * event over after later ones (out of position order), and they are configured at start-up, while
 * webhook endpoints come and go at run time.
 */
public class SinkRunner implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SinkRunner.class);
    private static final Duration BUSY_ELSEWHERE = Duration.ofSeconds(1);
    private static final Duration TROUBLE = Duration.ofSeconds(2);
    private static final int RECENT = 4096;

    private final EventLog events;
    private final SinkCursors cursors;
    private final EventStoreHead head;
    private final MeterRegistry meters;
    private final String nodeId;
    private final Clock clock;
    private final Duration pollInterval;
    private final Duration lease;
    private final Duration roundTime;
    private final boolean delivering;
    private final ScheduledExecutorService pool;
    private final TransactionOperations transactions;
    private final Map<String, Running> running = new ConcurrentHashMap<>();
    private final AtomicReferenceArray<PublicEvent> recent = new AtomicReferenceArray<>(RECENT);
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
            Duration roundTime,
            int threads,
            boolean delivering,
            TransactionOperations transactions) {
        // A round well within the lease, which is renewed between rounds only.
        this.roundTime = roundTime.compareTo(lease.dividedBy(3)) < 0 ? roundTime : lease.dividedBy(3);
        this.transactions = transactions;
        this.delivering = delivering;
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

    /**
     * Starts delivering a sink unless it runs already, or this instance delivers none ({@code
     * bankcore.sinks.enabled=false}: another instance on the database does).
     */
    public void start(Sink sink) {
        if (closed || !delivering) {
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
            PublicEvent event = publicForm(stored);
            if (sink.accepts(event)) {
                wanted.add(event);
            }
        }
        var progress = new Progress(wanted, clock.instant().plus(roundTime));
        Sink.Failure failed = null;
        if (!wanted.isEmpty()) {
            try {
                sink.deliver(wanted, cursor.failures(), progress);
            } catch (Sink.Failure failure) {
                failed = failure;
            }
        }
        // Every wanted event delivered: past the events this sink does not want too, to the batch's end.
        boolean complete = failed == null && progress.count == wanted.size();
        long through = complete ? batch.through() : progress.through;
        entry.delivered.increment(progress.count);
        Boolean kept = transactions.execute(tx -> {
            progress.writes.forEach(Runnable::run);
            return through <= cursor.position() || cursors.advance(sink.name(), nodeId, through, clock.instant());
        });
        if (!Boolean.TRUE.equals(kept)) {
            entry.leaseUntil = Instant.EPOCH;
            return BUSY_ELSEWHERE;
        }
        if (failed != null) {
            int failures = (progress.count > 0 ? 0 : cursor.failures()) + 1;
            Duration backoff = sink.backoff(failures);
            Instant at = clock.instant();
            int counted = cursors.fail(sink.name(), nodeId, failed.getMessage(), at.plus(backoff), at);
            entry.error = true;
            log.info(
                    "event sink {}: delivery failed ({} in a row), next attempt in {}: {}",
                    sink.name(),
                    counted,
                    backoff,
                    failed.getMessage());
            sink.tooManyFailures(counted, failed.getMessage());
            return backoff;
        }
        entry.error = false;
        // Caught up (a batch that was not full) or before a young gap: wait, so that the next round
        // carries the events of a poll interval rather than one or two (a round costs the same few
        // statements and one commit whatever its size). Behind, or a round ended early: at once.
        boolean behind = batch.events().size() >= sink.batchSize() || !complete;
        return behind && !batch.heldBack() ? Duration.ZERO : pollInterval;
    }

    /** What a round delivered so far, and the sink's writes for the transaction that ends it. */
    private final class Progress implements Sink.Round {
        private final List<PublicEvent> wanted;
        private final Instant overtimeAt;
        final List<Runnable> writes = new ArrayList<>(1);
        /** Wanted events delivered, and the position through which they are. */
        int count;

        long through = -1;

        Progress(List<PublicEvent> wanted, Instant overtimeAt) {
            this.wanted = wanted;
            this.overtimeAt = overtimeAt;
        }

        @Override
        public void delivered(long position) {
            while (count < wanted.size() && wanted.get(count).position() <= position) {
                count++;
            }
            through = Math.max(through, position);
        }

        @Override
        public void onCommit(Runnable write) {
            writes.add(write);
        }

        @Override
        public boolean overtime() {
            return !clock.instant().isBefore(overtimeAt);
        }
    }

    /**
     * The public form of a stored event, made once for every sink: the sinks read the same events at
     * about the same time, so the last {@link #RECENT} converted are kept, each in the slot of its position.
     */
    private PublicEvent publicForm(EventLog.StoredEvent stored) {
        int slot = (int) (stored.position() & (RECENT - 1));
        PublicEvent known = recent.get(slot);
        if (known != null && known.position() == stored.position()) {
            return known;
        }
        PublicEvent made = PublicEvent.of(stored);
        recent.set(slot, made);
        return made;
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
}
