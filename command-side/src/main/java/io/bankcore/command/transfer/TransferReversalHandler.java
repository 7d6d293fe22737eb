package io.bankcore.command.transfer;

import io.bankcore.api.ReversalReply;
import io.bankcore.api.ReverseTransferCommand;
import io.bankcore.command.AccountAggregate;
import io.bankcore.domain.CurrencyCode;
import io.bankcore.domain.Money;
import io.bankcore.domain.TransferNotFound;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.IncompatibleAggregateException;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;

/**
 * Reverses all or part of a completed transfer: the amount goes back from its destination to its source,
 * in one unit of work (and so one transaction) with the transfer's record of it. The transfer decides how
 * much is left to reverse; both accounts decide their leg, as a transfer in the other direction would be
 * decided (the destination's available balance and state, both currencies, the source's room and state).
 * Every refusal is decided on the aggregates as they are before anything is applied, so a refused
 * reversal changes nothing.
 *
 * <p>Locks are taken as {@link PendingTransferHandler} takes them: the transfer first, then the accounts in
 * the order of their numbers. Two reversals of one transfer thus queue on it in this JVM; across instances
 * the transfer's next event can be appended once only, and the loser is retried on what the winner left.
 */
public class TransferReversalHandler {

    private final Repository<AccountAggregate> accounts;
    private final Repository<TransferAggregate> transfers;

    public TransferReversalHandler(Repository<AccountAggregate> accounts, Repository<TransferAggregate> transfers) {
        this.accounts = accounts;
        this.transfers = transfers;
    }

    @CommandHandler
    public ReversalReply handle(ReverseTransferCommand command) throws Exception {
        var transfer = transfer(command.transferId());
        var reversal = transfer.invoke(t -> t.reversible(command.amountMinor()));
        var loaded = AccountsInOrder.load(accounts, reversal.fromAccountNumber(), reversal.toAccountNumber());
        var source = existing(loaded.get(reversal.fromAccountNumber()), reversal.fromAccountNumber());
        var destination = existing(loaded.get(reversal.toAccountNumber()), reversal.toAccountNumber());
        var amount = Money.positive(reversal.amountMinor(), CurrencyCode.of(reversal.currency()));
        destination.invoke(AccountAggregate::current).checkReversalTo(source.invoke(AccountAggregate::current), amount);

        var to = destination.invoke(a -> a.debitReversal(
                command.reversalId(),
                reversal.transferId(),
                reversal.amountMinor(),
                reversal.currency(),
                reversal.fromAccountNumber()));
        var from = source.invoke(a -> a.creditReversal(
                command.reversalId(),
                reversal.transferId(),
                reversal.amountMinor(),
                reversal.currency(),
                reversal.toAccountNumber()));
        transfer.execute(t -> t.reversed(
                command.reversalId(),
                reversal.amountMinor(),
                from.balanceMinor(),
                to.balanceMinor(),
                from.lastSequence(),
                to.lastSequence()));
        return new ReversalReply(
                command.reversalId(),
                reversal.transferId(),
                reversal.fromAccountNumber(),
                reversal.toAccountNumber(),
                reversal.amountMinor(),
                reversal.reversedMinor() + reversal.amountMinor(),
                reversal.settledMinor(),
                reversal.currency(),
                from.balanceMinor(),
                to.balanceMinor(),
                from.lastSequence(),
                to.lastSequence());
    }

    /** The transfer, or TRANSFER_NOT_FOUND (also for an identifier that names another aggregate's stream). */
    private Aggregate<TransferAggregate> transfer(String transferId) {
        Aggregate<TransferAggregate> transfer;
        try {
            transfer = transfers.load(transferId);
        } catch (AggregateNotFoundException | IncompatibleAggregateException missing) {
            throw new TransferNotFound(transferId);
        }
        if (!transfer.invoke(TransferAggregate::recorded)) {
            throw new TransferNotFound(transferId);
        }
        return transfer;
    }

    private static Aggregate<AccountAggregate> existing(Aggregate<AccountAggregate> account, String number) {
        if (account == null) {
            // A completed transfer's accounts existed when it moved money, and accounts are never deleted.
            throw new IllegalStateException("account " + number + " of a completed transfer is missing");
        }
        return account;
    }
}
