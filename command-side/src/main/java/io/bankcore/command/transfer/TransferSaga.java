package io.bankcore.command.transfer;

import io.bankcore.api.CompleteTransferCommand;
import io.bankcore.api.CreditForTransferCommand;
import io.bankcore.api.DebitForTransferCommand;
import io.bankcore.api.FailTransferCommand;
import io.bankcore.api.RefundTransferCommand;
import io.bankcore.api.TransferCompletedEvent;
import io.bankcore.api.TransferCreditRejectedEvent;
import io.bankcore.api.TransferCreditedEvent;
import io.bankcore.api.TransferDebitRejectedEvent;
import io.bankcore.api.TransferDebitedEvent;
import io.bankcore.api.TransferFailedEvent;
import io.bankcore.api.TransferRefundedEvent;
import io.bankcore.api.TransferRequestedEvent;
import io.bankcore.command.transfer.TransferLegs.Leg;
import java.time.Duration;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.DeadlineMessage;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.modelling.saga.EndSaga;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.StartSaga;
import org.axonframework.spring.stereotype.Saga;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves a transfer's money: debit the source, credit the destination, then record the outcome on the
 * transfer. Every step is driven by an event (a refusal is an event too), never by a command's
 * exception. When the steps are carried out in the saga's own unit of work (both accounts handled by
 * this instance: see {@link InTransactionStepGateway}) the whole transfer commits at once and nothing
 * needs watching. Otherwise one durable deadline, scheduled with the first step that goes out and
 * moved on each time it fires, watches the steps: when it fires, the pending command is sent again
 * (every leg is applied at most once, see {@link TransferLegs}); a credit still unanswered after
 * {@link #CREDIT_ATTEMPTS} tries is fenced off and the source refunded, so money never stays stuck
 * between two accounts.
 */
@Saga
public class TransferSaga {

    static final String DEADLINE = "transfer-step";
    static final int CREDIT_ATTEMPTS = 3;
    static final Duration STEP_TIMEOUT = Duration.ofSeconds(30);

    private static final Logger log = LoggerFactory.getLogger(TransferSaga.class);

    enum Stage {
        DEBITING,
        CREDITING,
        REFUNDING,
        COMPLETING,
        FAILING
    }

    private String transferId;
    private String fromAccountNumber;
    private String toAccountNumber;
    private long amountMinor;
    private String currency;
    private Stage stage;
    private int attempts;
    private String deadlineId;
    private long fromBalanceMinor;
    private long fromSequence = -1;
    private long toBalanceMinor;
    private long toSequence = -1;
    private String failureCode;
    private String failureReason;
    private boolean refunded;

    public TransferSaga() {
        // for Axon
    }

    @StartSaga
    @SagaEventHandler(associationProperty = "transferId")
    void on(TransferRequestedEvent event, TransferStepGateway commands, DeadlineManager deadlines) {
        this.transferId = event.transferId();
        this.fromAccountNumber = event.fromAccountNumber();
        this.toAccountNumber = event.toAccountNumber();
        this.amountMinor = event.amountMinor();
        this.currency = event.currency();
        this.stage = Stage.DEBITING;
        sendPending(commands, deadlines);
    }

    @SagaEventHandler(associationProperty = "transferId")
    void on(
            TransferDebitedEvent event,
            @SequenceNumber long sequence,
            TransferStepGateway commands,
            DeadlineManager deadlines) {
        this.fromBalanceMinor = event.balanceMinor();
        this.fromSequence = sequence;
        enter(Stage.CREDITING);
        sendPending(commands, deadlines);
    }

    @SagaEventHandler(associationProperty = "transferId")
    void on(
            TransferDebitRejectedEvent event,
            @SequenceNumber long sequence,
            TransferStepGateway commands,
            DeadlineManager deadlines) {
        this.fromSequence = sequence;
        fail(event.code(), event.reason(), commands, deadlines);
    }

    @SagaEventHandler(associationProperty = "transferId")
    void on(
            TransferCreditedEvent event,
            @SequenceNumber long sequence,
            TransferStepGateway commands,
            DeadlineManager deadlines) {
        this.toBalanceMinor = event.balanceMinor();
        this.toSequence = sequence;
        enter(Stage.COMPLETING);
        sendPending(commands, deadlines);
    }

    @SagaEventHandler(associationProperty = "transferId")
    void on(
            TransferCreditRejectedEvent event,
            @SequenceNumber long sequence,
            TransferStepGateway commands,
            DeadlineManager deadlines) {
        this.toSequence = sequence;
        this.failureCode = event.code();
        this.failureReason = event.reason();
        enter(Stage.REFUNDING);
        sendPending(commands, deadlines);
    }

    @SagaEventHandler(associationProperty = "transferId")
    void on(
            TransferRefundedEvent event,
            @SequenceNumber long sequence,
            TransferStepGateway commands,
            DeadlineManager deadlines) {
        this.fromBalanceMinor = event.balanceMinor();
        this.fromSequence = sequence;
        this.refunded = true;
        fail(failureCode, failureReason, commands, deadlines);
    }

    @EndSaga
    @SagaEventHandler(associationProperty = "transferId")
    void on(TransferCompletedEvent event, DeadlineCancellation deadlines) {
        cancelDeadline(deadlines);
        TransferReply.completed(event);
    }

    @EndSaga
    @SagaEventHandler(associationProperty = "transferId")
    void on(TransferFailedEvent event, DeadlineCancellation deadlines) {
        cancelDeadline(deadlines);
        TransferReply.failed(event);
    }

    /**
     * A step got no answer in time: send its command again, or give up on the credit and refund. The
     * deadline message comes first: Axon takes a handler's first parameter as its payload, so a
     * resource there would never match and the deadline would be dropped.
     */
    @DeadlineHandler(deadlineName = DEADLINE)
    void onDeadline(
            DeadlineMessage<?> deadline, TransferStepGateway commands, DeadlineManager deadlines, TransferLegs legs) {
        this.deadlineId = null;
        attempts++;
        log.warn("transfer {} got no answer in stage {} (attempt {})", transferId, stage, attempts);
        if (stage == Stage.CREDITING && attempts >= CREDIT_ATTEMPTS) {
            // Claiming the credit leg here means no late credit command can ever apply it.
            if (legs.claim(transferId, Leg.CREDIT, toAccountNumber)) {
                this.failureCode = "TIMEOUT";
                this.failureReason = "The destination account did not answer; the amount was returned.";
                enter(Stage.REFUNDING);
                schedule(deadlines); // the refund is watched like every other step
                sendPending(commands, deadlines);
                return;
            }
            // The credit was applied (or refused) already: its event is on its way to this saga.
        }
        schedule(deadlines);
        sendPending(commands, deadlines);
    }

    private void fail(String code, String reason, TransferStepGateway commands, DeadlineManager deadlines) {
        this.failureCode = code;
        this.failureReason = reason;
        enter(Stage.FAILING);
        sendPending(commands, deadlines);
    }

    /** Moves to the next stage; a deadline already scheduled keeps watching. */
    private void enter(Stage next) {
        this.stage = next;
        this.attempts = 0;
    }

    private void schedule(DeadlineManager deadlines) {
        this.deadlineId = deadlines.schedule(STEP_TIMEOUT.multipliedBy(1L + attempts), DEADLINE);
    }

    /**
     * Never failing the unit of work that ends the transfer: the deadline may be firing at this moment,
     * here or on another instance (see {@link DeadlineCancellation}); it then finds the saga ended.
     */
    private void cancelDeadline(DeadlineCancellation deadlines) {
        if (deadlineId != null) {
            deadlines.cancel(DEADLINE, deadlineId);
            deadlineId = null;
        }
    }

    /**
     * Sends the command of the current stage; its outcome comes back as an event, not as a reply. A step
     * that goes out of this unit of work is watched by the deadline, scheduled with the first such step.
     */
    private void sendPending(TransferStepGateway commands, DeadlineManager deadlines) {
        Object command = switch (stage) {
            case DEBITING ->
                new DebitForTransferCommand(fromAccountNumber, transferId, amountMinor, currency, toAccountNumber);
            case CREDITING ->
                new CreditForTransferCommand(toAccountNumber, transferId, amountMinor, currency, fromAccountNumber);
            case REFUNDING ->
                new RefundTransferCommand(fromAccountNumber, transferId, amountMinor, currency, toAccountNumber);
            case COMPLETING ->
                new CompleteTransferCommand(transferId, fromBalanceMinor, toBalanceMinor, fromSequence, toSequence);
            case FAILING ->
                new FailTransferCommand(transferId, failureCode, failureReason, refunded, fromSequence, toSequence);
        };
        if (!commands.send(command) && deadlineId == null) {
            schedule(deadlines);
        }
    }
}
