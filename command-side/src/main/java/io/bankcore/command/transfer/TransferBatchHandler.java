package io.bankcore.command.transfer;

import io.bankcore.api.AccountState;
import io.bankcore.api.RequestTransferBatchCommand;
import io.bankcore.api.TransferBatchReply;
import io.bankcore.command.AccountAggregate;
import io.bankcore.command.WritePipeline;
import io.bankcore.domain.Account;
import io.bankcore.domain.AccountNotFound;
import io.bankcore.domain.AccountNumber;
import io.bankcore.domain.CurrencyCode;
import io.bankcore.domain.DomainException;
import io.bankcore.domain.Money;
import io.bankcore.domain.SameAccountTransfer;
import io.bankcore.domain.TransferBatchRefused;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.modelling.command.Repository;

/**
 * Applies an atomic batch of transfers: all of them, in the given order, or none.
 *
 * <p>Every account the batch names is loaded first, in the order of their numbers (one global order, so
 * batches crossing each other never wait for each other in a cycle; the loads hold the accounts' locks to
 * the end of the unit of work). The whole batch is then decided on the accounts' domain values, each
 * transfer on the accounts as the accepted transfers before it leave them, with the checks a transfer
 * alone meets in the same order (the source's state, both currencies, the source's available funds, the
 * destination's room, then the destination's state, which alone the credit would refuse). If any is
 * refused, nothing has been applied: the batch is refused, with each transfer's result.
 *
 * <p>Otherwise each transfer is created and both its legs and its outcome applied here, one transfer
 * after the other, with the events a transfer moved by its saga has (requested, debited, credited,
 * completed) carrying its memo and the batch's id. These events bypass the transfer saga
 * ({@link BatchedTransfersBypassSaga}): no step is left for it to send or watch, and none runs in another
 * transaction, so nothing is ever half-done.
 */
public class TransferBatchHandler {

    private final Repository<AccountAggregate> accounts;
    private final Repository<TransferAggregate> transfers;

    public TransferBatchHandler(Repository<AccountAggregate> accounts, Repository<TransferAggregate> transfers) {
        this.accounts = accounts;
        this.transfers = transfers;
    }

    /** A transfer of the batch, decided: its accounts' numbers as the store names them, and its amount. */
    private record Decided(RequestTransferBatchCommand.Item item, String from, String to, Money amount) {}

    @CommandHandler
    public TransferBatchReply handle(RequestTransferBatchCommand command) throws Exception {
        var loaded = AccountsInOrder.load(accounts, named(command).toArray(String[]::new));
        var decided = decide(command, loaded);
        // From here on events are applied: a failure now (a defect: every rule was checked above) must undo
        // the whole batch of the pipeline, not be answered as this request's refusal.
        WritePipeline.committing();
        var applied = new ArrayList<TransferBatchReply.Applied>(decided.size());
        for (var d : decided) {
            applied.add(apply(command.batchId(), d, loaded.get(d.from()), loaded.get(d.to())));
        }
        return new TransferBatchReply(command.batchId(), applied);
    }

    /** The accounts the batch names that may be loaded: valid numbers the caller may see. */
    private static Set<String> named(RequestTransferBatchCommand command) {
        var numbers = new TreeSet<String>();
        for (var item : command.transfers()) {
            for (String raw : new String[] {item.fromAccountNumber(), item.toAccountNumber()}) {
                try {
                    String number = AccountNumber.of(raw).value();
                    if (!command.hiddenAccounts().contains(number)) {
                        numbers.add(number);
                    }
                } catch (DomainException invalid) {
                    // refused in its place below
                }
            }
        }
        return numbers;
    }

    /** Every transfer decided in order on the accounts' values; refuses the batch if any is refused. */
    private static List<Decided> decide(
            RequestTransferBatchCommand command, Map<String, Aggregate<AccountAggregate>> loaded) {
        Map<String, Account> state = new HashMap<>();
        loaded.forEach((number, account) -> state.put(number, account.invoke(AccountAggregate::current)));
        var decided = new ArrayList<Decided>(command.transfers().size());
        var results = new ArrayList<DomainException>(command.transfers().size());
        boolean refused = false;
        for (var item : command.transfers()) {
            try {
                var from = AccountNumber.of(item.fromAccountNumber());
                var to = AccountNumber.of(item.toAccountNumber());
                if (from.equals(to)) {
                    throw new SameAccountTransfer("Cannot transfer to the same account.");
                }
                var amount = Money.positive(item.amountMinor(), CurrencyCode.of(item.currency()));
                // Missing accounts are told in the contract's order: the source first.
                var source = existing(state, from.value());
                var destination = existing(state, to.value());
                source.checkTransferTo(destination, amount);
                var debited = source.withdraw(amount);
                var credited = destination.deposit(amount);
                state.put(from.value(), debited);
                state.put(to.value(), credited);
                decided.add(new Decided(item, from.value(), to.value(), amount));
                results.add(null);
            } catch (DomainException refusal) {
                results.add(refusal);
                refused = true;
            }
        }
        if (refused) {
            throw new TransferBatchRefused(results);
        }
        return decided;
    }

    /** An account the batch may use; unknown (also when the caller may not see it) otherwise. */
    private static Account existing(Map<String, Account> state, String number) {
        var account = state.get(number);
        if (account == null) {
            throw new AccountNotFound(number);
        }
        return account;
    }

    private TransferBatchReply.Applied apply(
            String batchId, Decided d, Aggregate<AccountAggregate> source, Aggregate<AccountAggregate> destination)
            throws Exception {
        var item = d.item();
        var label = item.memo().inBatch(batchId);
        long amount = d.amount().amountMinor();
        String currency = d.amount().currency().code();
        var transfer = transfers.newInstance(
                () -> new TransferAggregate(item.transferId(), d.from(), d.to(), d.amount(), label));
        NewTransfers.created(item.transferId());
        AccountState from = source.invoke(a -> a.debitTransfer(item.transferId(), amount, currency, d.to(), label));
        AccountState to =
                destination.invoke(a -> a.creditTransfer(item.transferId(), amount, currency, d.from(), label));
        transfer.execute(t ->
                t.completed(from.balanceMinor(), to.balanceMinor(), from.lastSequence(), to.lastSequence(), label));
        return new TransferBatchReply.Applied(
                item.transferId(),
                d.from(),
                d.to(),
                amount,
                currency,
                from.balanceMinor(),
                to.balanceMinor(),
                from.lastSequence(),
                to.lastSequence());
    }
}
