package io.bankcore.command.transfer;

/**
 * Cancels a saga's deadline without ever failing the unit of work that asks. A deadline may be firing
 * on another instance (or on this one) at the very moment its saga ends; the scheduler refuses to
 * cancel a running deadline, and Axon's own cancellation, refused at prepare-commit, would fail the
 * very post or void that ended the saga. A deadline that could not be cancelled finds its saga ended
 * and does nothing.
 */
public interface DeadlineCancellation {

    void cancel(String deadlineName, String scheduleId);
}
