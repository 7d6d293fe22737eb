package io.bankcore.query.replay;

import io.bankcore.query.LiveTablesGate;
import io.bankcore.query.replay.ReplayStatus.Phase;
import io.bankcore.query.replay.ReplayStatus.Status;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executor;
import javax.sql.DataSource;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds the balance, ledger, transfer and reversal read models from the event store, without
 * emptying the live tables and without running anything but the two projections' own handlers (no saga,
 * no command: a replay has no side effects). One replay runs at a time across every instance (a lease in
 * the database, {@link ReplayRuns}), in the background; its progress is recorded there for every instance
 * to show.
 *
 * <p>The new tables are built beside the live ones, which keep serving queries and taking the live
 * projections' writes, and put in their place once caught up ({@link NextTables}). Two ways to build
 * them, with the same phases and answers: straight from the database's event table, fast
 * ({@link EventTableRebuild}, the default); or through Axon's own replay mechanism, a streaming processor
 * of the projections' handlers whose tokens are reset to the start of the store ({@link ProcessorRebuild}:
 * any event store, Axon Server included).
 *
 * <p>Why nothing is lost or applied twice: every write of the projections is guarded by the account's
 * event sequence (see {@link io.bankcore.query.tables.AccountTables}), so the live processors, whose
 * tokens may be behind or ahead of the replay's position, re-apply the events past their token to the
 * new tables harmlessly.
 */
public class ReadModelReplay {

    private static final Logger log = LoggerFactory.getLogger(ReadModelReplay.class);

    private final Rebuild rebuild;
    private final ReplayRuns runs;
    private final Executor executor;
    private final String node;
    private final Clock clock;

    private ReadModelReplay(Rebuild rebuild, ReplayRuns runs, Executor executor, String node, Clock clock) {
        this.rebuild = rebuild;
        this.runs = runs;
        this.executor = executor;
        this.node = node;
        this.clock = clock;
    }

    /** The fast replay, reading the database's event table. */
    public static ReadModelReplay fromEventTable(
            DataSource dataSource,
            Serializer serializer,
            EventProcessingConfiguration processors,
            LiveTablesGate gate,
            ReplayRuns runs,
            Executor executor,
            String node,
            Clock clock) {
        var tables = new NextTables(dataSource, processors, gate);
        return new ReadModelReplay(new EventTableRebuild(dataSource, serializer, tables), runs, executor, node, clock);
    }

    /** The replay through the replay processor ({@link ReplayProcessor}), on any event store. */
    public static ReadModelReplay throughProcessor(
            DataSource dataSource,
            EventProcessingConfiguration processors,
            EventStore eventStore,
            ReplayProcessor replay,
            LiveTablesGate gate,
            ReplayRuns runs,
            Executor executor,
            String node,
            Clock clock) {
        var tables = new NextTables(dataSource, processors, gate);
        return new ReadModelReplay(
                new ProcessorRebuild(processors, eventStore, replay, tables), runs, executor, node, clock);
    }

    /** Thrown by {@link #start()} when a replay is already running on some instance. */
    public static final class AlreadyRunning extends RuntimeException {
        private final String replayId;

        AlreadyRunning(String replayId) {
            super("replay " + replayId + " is running");
            this.replayId = replayId;
        }

        public String replayId() {
            return replayId;
        }
    }

    /**
     * Starts a replay in the background.
     *
     * @return its status, RUNNING
     * @throws AlreadyRunning if one is running (on this or another instance)
     * @throws RuntimeException as the event store throws it, when it cannot be read now (Axon Server away)
     */
    public ReplayStatus start() {
        rebuild.preflight();
        String replayId = UUID.randomUUID().toString();
        // The store's size is counted by the run itself: on a large store a full count takes seconds.
        ReplayStatus status = runs.begin(replayId, node)
                .orElseThrow(() -> new AlreadyRunning(runs.running().orElse("unknown")));
        executor.execute(() -> run(replayId));
        return status;
    }

    public Optional<ReplayStatus> find(String replayId) {
        return runs.find(replayId);
    }

    public Optional<ReplayStatus> latest() {
        return runs.latest();
    }

    private void run(String replayId) {
        var run = new Run(replayId, runs);
        Instant started = clock.instant();
        try {
            run.report();
            rebuild.run(run);
            runs.finish(replayId, Status.COMPLETED, Phase.DONE, run.done, run.total, null);
            log.info(
                    "replay {} completed: {} events in {} ms",
                    replayId,
                    run.done,
                    Duration.between(started, clock.instant()).toMillis());
        } catch (Exception | LinkageError e) {
            log.error("replay {} failed in phase {}; the live tables are unchanged", replayId, run.phase(), e);
            try {
                rebuild.cleanUp();
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            runs.finish(replayId, Status.FAILED, run.phase(), run.done, run.total, String.valueOf(e.getMessage()));
        }
    }
}
