package io.bankcore.command.transfer;

import io.bankcore.api.ExpireTransferCommand;
import io.bankcore.api.TransferExpiredEvent;
import io.bankcore.api.TransferPostedEvent;
import io.bankcore.api.TransferReservedEvent;
import io.bankcore.api.TransferVoidedEvent;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.DeadlineMessage;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.modelling.saga.EndSaga;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.StartSaga;
import org.axonframework.spring.stereotype.Saga;

/**
 * Watches a pending transfer's expiry. Its deadline is durable (stored with the deadline scheduler in
 * the database): it fires once, on whichever instance polls first, also after a restart, and expires
 * the reservation unless a post or void ended it first. The expiry, like a post or void, ends the
 * transfer on the transfer aggregate, so exactly one of them ever wins.
 */
@Saga
public class PendingTransferSaga {

    static final String DEADLINE = "pending-transfer-expiry";

    private String transferId;
    private String deadlineId;

    public PendingTransferSaga() {
        // for Axon
    }

    @StartSaga
    @SagaEventHandler(associationProperty = "transferId")
    void on(TransferReservedEvent event, DeadlineManager deadlines) {
        this.transferId = event.transferId();
        this.deadlineId = deadlines.schedule(event.expiresAt(), DEADLINE);
    }

    /**
     * The deadline message comes first: Axon takes a handler's first parameter as its payload. The expiry
     * runs in this unit of work when the saga's processor is subscribing (its end then reaches this saga
     * in it too); otherwise it goes out after the commit, retried on a lost race.
     */
    @DeadlineHandler(deadlineName = DEADLINE)
    void onDeadline(DeadlineMessage<?> deadline, TransferStepGateway commands) {
        this.deadlineId = null;
        commands.send(new ExpireTransferCommand(transferId));
    }

    @EndSaga
    @SagaEventHandler(associationProperty = "transferId")
    void on(TransferPostedEvent event, DeadlineCancellation deadlines) {
        cancel(deadlines);
    }

    @EndSaga
    @SagaEventHandler(associationProperty = "transferId")
    void on(TransferVoidedEvent event, DeadlineCancellation deadlines) {
        cancel(deadlines);
    }

    @EndSaga
    @SagaEventHandler(associationProperty = "transferId")
    void on(TransferExpiredEvent event, DeadlineCancellation deadlines) {
        cancel(deadlines);
    }

    /** Never failing the unit of work: the deadline may be firing right now (see DeadlineCancellation). */
    private void cancel(DeadlineCancellation deadlines) {
        if (deadlineId != null) {
            deadlines.cancel(DEADLINE, deadlineId);
            deadlineId = null;
        }
    }
}
