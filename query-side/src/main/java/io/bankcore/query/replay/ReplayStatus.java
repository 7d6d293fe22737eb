package io.bankcore.query.replay;

import java.time.Duration;
import java.time.Instant;

/**
 * One replay as recorded in {@code replay_run}: visible from every instance, whichever runs it.
 *
 * @param eventsTotal events in the store when the replay started (0 until it has counted them, its first
 *     step), plus those it caught up with since
 * @param eventsDone events read and applied so far
 */
public record ReplayStatus(
        String replayId,
        Status status,
        Phase phase,
        long eventsTotal,
        long eventsDone,
        Instant startedAt,
        Instant finishedAt,
        Instant heartbeatAt,
        String node,
        String error) {

    public enum Status {
        RUNNING,
        COMPLETED,
        FAILED
    }

    public enum Phase {
        /** Reading the whole event store into the new tables. */
        COPYING,
        /** Applying the events appended since, until few remain. */
        CATCHING_UP,
        /** Applying the last events with the live tables' writers held, then putting the new tables in place. */
        SWITCHING,
        DONE
    }

    /** Wall time so far (or in all, once finished). */
    public Duration elapsed(Instant now) {
        return Duration.between(startedAt, finishedAt != null ? finishedAt : now);
    }

    public double eventsPerSecond(Instant now) {
        long micros = elapsed(now).toNanos() / 1_000;
        return micros <= 0 ? 0 : eventsDone * 1_000_000.0 / micros;
    }
}
