package io.bankcore.command.transfer;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.bankcore.api.CompleteTransferCommand;
import io.bankcore.api.FailTransferCommand;
import io.bankcore.api.Memo;
import io.bankcore.api.RequestTransferCommand;
import io.bankcore.api.ReserveTransferCommand;
import io.bankcore.api.TransferCompletedEvent;
import io.bankcore.api.TransferExpiredEvent;
import io.bankcore.api.TransferFailedEvent;
import io.bankcore.api.TransferPostedEvent;
import io.bankcore.api.TransferRequestedEvent;
import io.bankcore.api.TransferReservedEvent;
import io.bankcore.api.TransferReversedEvent;
import io.bankcore.api.TransferVoidedEvent;
import io.bankcore.domain.AccountNumber;
import io.bankcore.domain.CurrencyCode;
import io.bankcore.domain.Money;
import io.bankcore.domain.ReversalExceedsTransfer;
import io.bankcore.domain.SameAccountTransfer;
import io.bankcore.domain.TransferNotCompleted;
import io.bankcore.domain.TransferNotPending;
import java.time.Instant;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A transfer's own record: requested, then completed or failed, exactly once. The saga moves the
 * money; this aggregate is what the transfers read model and the client's reply are built from.
 *
 * <p>A pending (two-phase) transfer is reserved, then posted, voided or expired, exactly once: its
 * end is this aggregate's next event, so of two instances ending it at once only one can append it (the
 * other's whole transaction, account events included, fails on the event store's unique key).
 *
 * <p>A completed transfer may be reversed, in one or several parts, up to the amount it moved (a posted
 * pending transfer: its posted amount). This aggregate is where "how much is reversed so far" lives, so
 * two reversals of one transfer are decided one after the other on its events, and of two instances
 * reversing it at once only one appends its next event (the other's transaction rolls back, is retried,
 * and is decided again on what the first left).
 */
@Aggregate
public class TransferAggregate {

    enum Status {
        PENDING,
        COMPLETED,
        FAILED,
        RESERVED,
        VOIDED,
        EXPIRED
    }

    /** What a pending transfer holds, for the handler that ends it. */
    record Reservation(
            String transferId,
            String fromAccountNumber,
            String toAccountNumber,
            long amountMinor,
            String currency,
            Instant expiresAt,
            Memo memo) {}

    @AggregateIdentifier
    private String transferId;

    private String fromAccountNumber;
    private String toAccountNumber;
    private long amountMinor;
    private String currency;
    private Status status;
    private Instant expiresAt;
    /** What moved when it completed: the amount, or a posted pending transfer's posted amount (0 before). */
    private long settledMinor;
    /** What reversals have moved back so far: never more than {@link #settledMinor}. */
    private long reversedMinor;
    /** The memo the pending transfer was reserved with: a post that brings none labels its lines with it. */
    private Memo memo = Memo.NONE;

    protected TransferAggregate() {
        // for Axon
    }

    /** A new transfer; {@link TransferRequestHandler} checks the accounts and creates it. */
    TransferAggregate(RequestTransferCommand command) {
        var from = AccountNumber.of(command.fromAccountNumber());
        var to = AccountNumber.of(command.toAccountNumber());
        if (from.equals(to)) {
            throw new SameAccountTransfer("Cannot transfer to the same account.");
        }
        var amount = Money.positive(command.amountMinor(), CurrencyCode.of(command.currency()));
        apply(new TransferRequestedEvent(
                command.transferId(),
                from.value(),
                to.value(),
                amount.amountMinor(),
                amount.currency().code()));
    }

    /**
     * A transfer of an atomic batch: {@link TransferBatchHandler} checked the whole batch, creates it and
     * applies both legs and its outcome ({@link #completed}) in the same unit of work. Its events carry its
     * memo and the batch's id.
     */
    TransferAggregate(String transferId, String from, String to, Money amount, Memo label) {
        apply(
                new TransferRequestedEvent(
                        transferId,
                        from,
                        to,
                        amount.amountMinor(),
                        amount.currency().code()),
                MetaData.from(label.asMetaData()));
    }

    /** Records a batch's transfer as completed, with both balances and sequences after its legs. */
    void completed(long fromBalanceMinor, long toBalanceMinor, long fromSequence, long toSequence, Memo label) {
        apply(
                new TransferCompletedEvent(
                        transferId,
                        fromAccountNumber,
                        toAccountNumber,
                        amountMinor,
                        currency,
                        fromBalanceMinor,
                        toBalanceMinor,
                        fromSequence,
                        toSequence),
                MetaData.from(label.asMetaData()));
    }

    /** A new pending transfer; {@link PendingTransferHandler} checks the accounts, reserves and creates it. */
    TransferAggregate(ReserveTransferCommand command) {
        apply(new TransferReservedEvent(
                command.transferId(),
                command.fromAccountNumber(),
                command.toAccountNumber(),
                command.amountMinor(),
                command.currency(),
                command.expiresAt()));
    }

    /**
     * The reservation, if this transfer may still be posted or voided at {@code now}; refused otherwise,
     * naming its status. A reservation past its expiry is refused as EXPIRED even before its deadline
     * has fired and released it.
     */
    Reservation pending(Instant now) {
        if (status != Status.RESERVED) {
            throw new TransferNotPending(transferId, status.name());
        }
        if (!now.isBefore(expiresAt)) {
            throw new TransferNotPending(transferId, Status.EXPIRED.name());
        }
        return reservation();
    }

    /** The reservation, if it is still open (an expiry then ends it, whenever its deadline fires). */
    java.util.Optional<Reservation> open() {
        return status == Status.RESERVED ? java.util.Optional.of(reservation()) : java.util.Optional.empty();
    }

    void posted(long postedMinor, long fromBalanceMinor, long toBalanceMinor, long fromSequence, long toSequence) {
        apply(new TransferPostedEvent(
                transferId,
                fromAccountNumber,
                toAccountNumber,
                amountMinor,
                postedMinor,
                currency,
                fromBalanceMinor,
                toBalanceMinor,
                fromSequence,
                toSequence));
    }

    void voided(long fromSequence) {
        apply(new TransferVoidedEvent(
                transferId, fromAccountNumber, toAccountNumber, amountMinor, currency, fromSequence));
    }

    void expired(long fromSequence) {
        apply(new TransferExpiredEvent(
                transferId, fromAccountNumber, toAccountNumber, amountMinor, currency, fromSequence));
    }

    /** What a reversal may take back: a completed transfer's accounts, currency and what is left of it. */
    record Reversible(
            String transferId,
            String fromAccountNumber,
            String toAccountNumber,
            String currency,
            long settledMinor,
            long reversedMinor,
            long amountMinor) {}

    /**
     * The reversal of {@code requestedMinor} (null: all that is left), if this transfer may be reversed by
     * that much: refused when it is not completed, and beyond what is left to reverse (also when nothing is).
     */
    Reversible reversible(Long requestedMinor) {
        if (status != Status.COMPLETED) {
            throw new TransferNotCompleted(transferId, status.name());
        }
        long left = settledMinor - reversedMinor;
        long amount = requestedMinor == null ? left : requestedMinor;
        if (amount <= 0 || amount > left) {
            throw new ReversalExceedsTransfer(transferId, settledMinor, reversedMinor, amount);
        }
        return new Reversible(
                transferId, fromAccountNumber, toAccountNumber, currency, settledMinor, reversedMinor, amount);
    }

    void reversed(
            String reversalId,
            long amount,
            long fromBalanceMinor,
            long toBalanceMinor,
            long fromSequence,
            long toSequence) {
        apply(new TransferReversedEvent(
                transferId,
                reversalId,
                fromAccountNumber,
                toAccountNumber,
                amount,
                Math.addExact(reversedMinor, amount),
                currency,
                fromBalanceMinor,
                toBalanceMinor,
                fromSequence,
                toSequence));
    }

    /** False for a stream that holds no transfer's events (its identifier names another aggregate). */
    boolean recorded() {
        return status != null;
    }

    private Reservation reservation() {
        return new Reservation(transferId, fromAccountNumber, toAccountNumber, amountMinor, currency, expiresAt, memo);
    }

    @CommandHandler
    public void handle(CompleteTransferCommand command) {
        if (status != Status.PENDING) {
            return; // already settled: a repeated command changes nothing
        }
        apply(new TransferCompletedEvent(
                transferId,
                fromAccountNumber,
                toAccountNumber,
                amountMinor,
                currency,
                command.fromBalanceMinor(),
                command.toBalanceMinor(),
                command.fromSequence(),
                command.toSequence()));
    }

    @CommandHandler
    public void handle(FailTransferCommand command) {
        if (status != Status.PENDING) {
            return;
        }
        apply(new TransferFailedEvent(
                transferId,
                fromAccountNumber,
                toAccountNumber,
                amountMinor,
                currency,
                command.code(),
                command.reason(),
                command.refunded(),
                command.fromSequence(),
                command.toSequence()));
    }

    @EventSourcingHandler
    void on(TransferRequestedEvent event) {
        this.transferId = event.transferId();
        this.fromAccountNumber = event.fromAccountNumber();
        this.toAccountNumber = event.toAccountNumber();
        this.amountMinor = event.amountMinor();
        this.currency = event.currency();
        this.status = Status.PENDING;
    }

    @EventSourcingHandler
    void on(TransferReservedEvent event, MetaData metaData) {
        this.memo = Memo.of(metaData);
        this.transferId = event.transferId();
        this.fromAccountNumber = event.fromAccountNumber();
        this.toAccountNumber = event.toAccountNumber();
        this.amountMinor = event.amountMinor();
        this.currency = event.currency();
        this.expiresAt = event.expiresAt();
        this.status = Status.RESERVED;
    }

    @EventSourcingHandler
    void on(TransferPostedEvent event) {
        this.status = Status.COMPLETED;
        this.settledMinor = event.postedMinor();
    }

    @EventSourcingHandler
    void on(TransferReversedEvent event) {
        this.reversedMinor = event.reversedMinor();
    }

    @EventSourcingHandler
    void on(TransferVoidedEvent event) {
        this.status = Status.VOIDED;
    }

    @EventSourcingHandler
    void on(TransferExpiredEvent event) {
        this.status = Status.EXPIRED;
    }

    @EventSourcingHandler
    void on(TransferCompletedEvent event) {
        this.status = Status.COMPLETED;
        this.settledMinor = event.amountMinor();
    }

    @EventSourcingHandler
    void on(TransferFailedEvent event) {
        this.status = Status.FAILED;
    }
}
