package io.bankcore.query.replay;

import io.bankcore.query.replay.ReplayStatus.Phase;

/** One replay while it runs: where it is, its counts, and its reports to {@code replay_run} (which renew its lease). */
final class Run {

    final String replayId;
    private final ReplayRuns runs;
    private Phase phase = Phase.COPYING;
    long done;
    long total;
    private long reportedAt;

    Run(String replayId, ReplayRuns runs) {
        this.replayId = replayId;
        this.runs = runs;
    }

    Phase phase() {
        return phase;
    }

    /** Enters a phase and reports it. */
    void enter(Phase next) {
        phase = next;
        report();
    }

    void report() {
        runs.progress(replayId, phase, done, total);
        reportedAt = System.nanoTime();
    }

    /** Reports at most four times a second. */
    void reportNow() {
        if (System.nanoTime() - reportedAt > 250_000_000L) {
            report();
        }
    }
}
