package io.bankcore.query.replay;

import io.bankcore.query.replay.ReplayStatus.Phase;
import java.time.Duration;
import java.util.OptionalLong;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.axonframework.eventsourcing.eventstore.EventStore;

/**
 * The rebuild through Axon's replay: the {@link ReplayProcessor}'s tokens are reset to the start of the
 * store ({@code resetTokens}) and the processor started; it applies every event to the new tables, then
 * keeps following the new ones. Once it is within {@value #SWITCH_BELOW} positions of the head, the
 * switch ({@link NextTables}) holds the live tables' writers, waits at most {@link #HOLD} for the
 * processor to reach the head taken then, stops it and puts the new tables in place.
 */
final class ProcessorRebuild implements Rebuild {

    static final long SWITCH_BELOW = 2_000;
    /** How long the switch waits, with the writers held, for the processor to reach the head. */
    static final Duration HOLD = Duration.ofSeconds(2);
    /** How long a reset waits for a claim left by an instance that ran a replay and died (Axon's claim timeout). */
    static final Duration CLAIM_WAIT = Duration.ofSeconds(30);

    private final EventProcessingConfiguration processors;
    private final EventStore eventStore;
    private final ReplayProcessor replay;
    private final NextTables tables;

    ProcessorRebuild(
            EventProcessingConfiguration processors, EventStore eventStore, ReplayProcessor replay, NextTables tables) {
        this.processors = processors;
        this.eventStore = eventStore;
        this.replay = replay;
        this.tables = tables;
    }

    private StreamingEventProcessor processor() {
        return processors
                .eventProcessor(ReplayProcessor.NAME, StreamingEventProcessor.class)
                .orElseThrow(() -> new IllegalStateException("no replay processor is configured"));
    }

    @Override
    public void preflight() {
        processor();
        head();
    }

    @Override
    public void run(Run run) throws Exception {
        StreamingEventProcessor processor = processor();
        try {
            long head = head();
            run.total = head + 1;
            run.report();
            tables.create();
            // Keys and indexes first: the handlers write row by row, looking rows up by them.
            tables.index();
            reset(processor);
            processor.start();
            follow(run, processor, head);
            run.enter(Phase.CATCHING_UP);
            follow(run, processor, head() - SWITCH_BELOW);
            run.enter(Phase.SWITCHING);
            tables.switchIn(run.replayId, connection -> last(run, processor), () -> {
                processor.start();
                follow(run, processor, head() - SWITCH_BELOW);
            });
        } finally {
            processor.shutDown();
        }
    }

    @Override
    public void cleanUp() {
        processor().shutDown();
        tables.drop();
    }

    /** Back to the start of the store; a claim an instance that died left behind expires first. */
    private void reset(StreamingEventProcessor processor) throws InterruptedException {
        processor.shutDown();
        long until = System.nanoTime() + CLAIM_WAIT.toNanos();
        while (true) {
            try {
                processor.resetTokens();
                replay.resetCount();
                return;
            } catch (UnableToClaimTokenException claimed) {
                if (System.nanoTime() > until) {
                    throw claimed;
                }
                Thread.sleep(500);
            }
        }
    }

    /** Until the processor is at {@code target} (a position), reporting progress. */
    private void follow(Run run, StreamingEventProcessor processor, long target) throws InterruptedException {
        while (position(processor) < target) {
            failIfStopped(processor);
            progress(run, processor);
            run.reportNow();
            Thread.sleep(20);
        }
        progress(run, processor);
        run.report();
    }

    /** Under the switch: the processor at the head taken now, within {@link #HOLD}, then stopped. */
    private void last(Run run, StreamingEventProcessor processor) throws Exception {
        long head = head();
        long until = System.nanoTime() + HOLD.toNanos();
        while (position(processor) < head) {
            failIfStopped(processor);
            if (System.nanoTime() > until) {
                throw new NextTables.NotCaughtUp(
                        "the replay processor did not reach position " + head + " within " + HOLD.toMillis() + " ms");
            }
            Thread.sleep(5);
        }
        processor.shutDown();
        progress(run, processor);
    }

    private void progress(Run run, StreamingEventProcessor processor) {
        run.done = replay.handled();
        run.total = Math.max(run.total, run.done + Math.max(0, head() - position(processor)));
    }

    private static void failIfStopped(StreamingEventProcessor processor) {
        for (EventTrackerStatus status : processor.processingStatus().values()) {
            if (status.isErrorState()) {
                throw new IllegalStateException("the replay processor failed: " + status.getError(), status.getError());
            }
        }
    }

    /** The store's head position; -1 when it is empty. */
    private long head() {
        TrackingToken head = eventStore.createHeadToken();
        return head == null ? -1 : head.position().orElse(-1L);
    }

    /** The lowest position of the processor's segments; -1 before it has one. */
    private static long position(StreamingEventProcessor processor) {
        var statuses = processor.processingStatus().values();
        if (statuses.isEmpty()) {
            return -1;
        }
        long lowest = Long.MAX_VALUE;
        for (EventTrackerStatus status : statuses) {
            OptionalLong position = status.getCurrentPosition();
            lowest = Math.min(lowest, position.orElse(-1L));
        }
        return lowest;
    }
}
