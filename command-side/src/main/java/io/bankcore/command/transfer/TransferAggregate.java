package io.bankcore.command.transfer;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.bankcore.api.CompleteTransferCommand;
import io.bankcore.api.FailTransferCommand;
import io.bankcore.api.RequestTransferCommand;
import io.bankcore.api.TransferCompletedEvent;
import io.bankcore.api.TransferFailedEvent;
import io.bankcore.api.TransferRequestedEvent;
import io.bankcore.domain.AccountNumber;
import io.bankcore.domain.CurrencyCode;
import io.bankcore.domain.Money;
import io.bankcore.domain.SameAccountTransfer;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A transfer's own record: requested, then completed or failed, exactly once. The saga moves the
 * money; this aggregate is what the transfers read model and the client's reply are built from.
 */
@Aggregate
public class TransferAggregate {

    enum Status {
        PENDING,
        COMPLETED,
        FAILED
    }

    @AggregateIdentifier
    private String transferId;

    private String fromAccountNumber;
    private String toAccountNumber;
    private long amountMinor;
    private String currency;
    private Status status;

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
    void on(TransferCompletedEvent event) {
        this.status = Status.COMPLETED;
    }

    @EventSourcingHandler
    void on(TransferFailedEvent event) {
        this.status = Status.FAILED;
    }
}
