package io.bankcore.command.transfer;

import io.bankcore.api.RequestTransferCommand;
import io.bankcore.command.AccountAggregate;
import io.bankcore.domain.AccountNotFound;
import io.bankcore.domain.AccountNumber;
import io.bankcore.domain.CurrencyCode;
import io.bankcore.domain.Money;
import io.bankcore.domain.SameAccountTransfer;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.Repository;

/**
 * Records a transfer request, after checking it against both accounts as they are now.
 *
 * <p>Both accounts are loaded first, in the order of their numbers. Loading takes an account's lock
 * for the rest of the unit of work, and the saga's debit and credit run in this same unit of work when
 * both accounts are handled here: two transfers between the same accounts in opposite directions
 * then queue on the lower number instead of each holding one account and waiting for the other. The
 * loaded accounts stay with the unit of work, so the legs do not load them again.
 */
public class TransferRequestHandler {

    private final Repository<AccountAggregate> accounts;
    private final Repository<TransferAggregate> transfers;

    public TransferRequestHandler(Repository<AccountAggregate> accounts, Repository<TransferAggregate> transfers) {
        this.accounts = accounts;
        this.transfers = transfers;
    }

    @CommandHandler
    public TransferReply handle(RequestTransferCommand command) throws Exception {
        var from = AccountNumber.of(command.fromAccountNumber());
        var to = AccountNumber.of(command.toAccountNumber());
        if (from.equals(to)) {
            throw new SameAccountTransfer("Cannot transfer to the same account.");
        }
        var amount = Money.positive(command.amountMinor(), CurrencyCode.of(command.currency()));
        // Missing accounts are told in the contract's order: the source first.
        var found = AccountsInOrder.load(accounts, from.value(), to.value());
        var source = found.get(from.value());
        if (source == null) {
            throw new AccountNotFound(from.value());
        }
        var destination = found.get(to.value());
        if (destination == null) {
            throw new AccountNotFound(to.value());
        }
        source.invoke(AccountAggregate::current).checkTransferTo(destination.invoke(AccountAggregate::current), amount);
        var reply = TransferReply.open(command.transferId());
        transfers.newInstance(() -> new TransferAggregate(command));
        NewTransfers.created(command.transferId());
        return reply;
    }
}
