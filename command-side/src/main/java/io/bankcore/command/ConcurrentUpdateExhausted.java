package io.bankcore.command;

/** A command kept losing optimistic-concurrency races until its retries ran out; it changed nothing. */
public class ConcurrentUpdateExhausted extends RuntimeException {

    private final String aggregateId;
    private final int attempts;

    public ConcurrentUpdateExhausted(String aggregateId, int attempts, Throwable lastConflict) {
        super("concurrent updates of " + aggregateId + " kept winning over " + attempts + " attempts", lastConflict);
        this.aggregateId = aggregateId;
        this.attempts = attempts;
    }

    public String aggregateId() {
        return aggregateId;
    }

    public int attempts() {
        return attempts;
    }
}
