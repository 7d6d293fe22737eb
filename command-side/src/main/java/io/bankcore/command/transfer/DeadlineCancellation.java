package io.bankcore.command.transfer;

/**
 * Cancels a saga's deadline once its unit of work has committed, and never fails that unit of work for
 * it. A deadline may be firing on another instance (or on this one) at the very moment the saga ends;
 * the scheduler refuses to cancel a running deadline, and refused inside the unit of work, that would
 * fail the very post or void that ended the saga. A deadline that could not be cancelled finds its
 * saga ended and does nothing.
 */
public interface DeadlineCancellation {

    void cancelAfterCommit(String deadlineName, String scheduleId);
}
