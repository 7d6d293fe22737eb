package io.bankcore.command.transfer;

import io.bankcore.api.ExpireTransferCommand;
import io.bankcore.api.Memo;
import io.bankcore.api.PendingTransferReply;
import io.bankcore.api.PostTransferCommand;
import io.bankcore.api.ReserveTransferCommand;
import io.bankcore.api.VoidTransferCommand;
import io.bankcore.command.AccountAggregate;
import io.bankcore.domain.AccountNotFound;
import io.bankcore.domain.AccountNumber;
import io.bankcore.domain.CurrencyCode;
import io.bankcore.domain.InvalidMoney;
import io.bankcore.domain.Money;
import io.bankcore.domain.SameAccountTransfer;
import io.bankcore.domain.TransferNotFound;
import java.time.Clock;
import java.util.Map;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.IncompatibleAggregateException;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.modelling.command.Repository;

/**
 * Pending (two-phase) transfers: reserve, then post, void or expire. Each runs in one unit of work,
 * and so in one transaction, with every aggregate it changes: the transfer's end and the source's
 * release (and for a post, the destination's credit) commit together or not at all.
 *
 * <p>Locks are taken in one order: the transfer first, then the accounts in the order of their
 * numbers, as {@link TransferRequestHandler} does. Every refusal is decided on the accounts as they
 * are before anything is applied, so a refused post leaves the reservation exactly as it was.
 */
public class PendingTransferHandler {

    private final Repository<AccountAggregate> accounts;
    private final Repository<TransferAggregate> transfers;
    private final Clock clock;

    public PendingTransferHandler(
            Repository<AccountAggregate> accounts, Repository<TransferAggregate> transfers, Clock clock) {
        this.accounts = accounts;
        this.transfers = transfers;
        this.clock = clock;
    }

    /** Holds the amount on the source; refused, against the available balance, as a transfer would be. */
    @CommandHandler
    public PendingTransferReply handle(ReserveTransferCommand command) throws Exception {
        var from = AccountNumber.of(command.fromAccountNumber());
        var to = AccountNumber.of(command.toAccountNumber());
        if (from.equals(to)) {
            throw new SameAccountTransfer("Cannot transfer to the same account.");
        }
        var amount = Money.positive(command.amountMinor(), CurrencyCode.of(command.currency()));
        var loaded = load(from.value(), to.value());
        var source = loaded.get(from.value());
        if (source == null) {
            throw new AccountNotFound(from.value());
        }
        var destination = loaded.get(to.value());
        if (destination == null) {
            throw new AccountNotFound(to.value());
        }
        source.invoke(AccountAggregate::current)
                .checkReservationTo(destination.invoke(AccountAggregate::current), amount);
        var state = source.invoke(
                a -> a.reserve(command.transferId(), amount.amountMinor(), command.currency(), to.value()));
        transfers.newInstance(() -> new TransferAggregate(command));
        NewTransfers.created(command.transferId());
        return new PendingTransferReply(
                command.transferId(),
                "RESERVED",
                from.value(),
                to.value(),
                amount.amountMinor(),
                null,
                command.currency(),
                command.expiresAt(),
                state.balanceMinor(),
                state.availableMinor(),
                state.lastSequence(),
                null,
                null);
    }

    /**
     * Moves {@code amountMinor} (default: all) to the destination and releases the rest. Refused, leaving
     * the reservation in place, when the transfer is not pending, the amount is out of range, the source
     * is frozen for debits, or the destination refuses the credit (closed, frozen, overflow).
     */
    @CommandHandler
    public PendingTransferReply handle(PostTransferCommand command) throws Exception {
        var transfer = transfer(command.transferId());
        var reservation = transfer.invoke(t -> t.pending(clock.instant()));
        long posted = command.amountMinor() == null ? reservation.amountMinor() : command.amountMinor();
        if (posted < 1 || posted > reservation.amountMinor()) {
            throw new InvalidMoney(
                    "amount_cents must be between 1 and the reserved " + reservation.amountMinor() + ", got " + posted);
        }
        var loaded = load(reservation.fromAccountNumber(), reservation.toAccountNumber());
        var source = existing(loaded, reservation.fromAccountNumber());
        var destination = existing(loaded, reservation.toAccountNumber());
        var currency = CurrencyCode.of(reservation.currency());
        var held = Money.of(reservation.amountMinor(), currency);
        var moved = Money.of(posted, currency);
        requireHold(source, held, reservation.transferId());
        // Both decisions first, on the accounts as they are: a refusal then changes nothing at all.
        source.invoke(AccountAggregate::current).postReserved(held, moved);
        destination.invoke(AccountAggregate::current).deposit(moved);

        // The lines the post writes carry the post's own memo, or the transfer's when the post brings none.
        var label =
                Memo.of(CurrentUnitOfWork.get().getMessage().getMetaData()).empty() ? reservation.memo() : Memo.NONE;
        var from = source.invoke(a -> a.postReserved(
                reservation.transferId(), held.amountMinor(), posted, reservation.toAccountNumber(), label));
        var to = destination.invoke(a -> a.creditTransfer(
                reservation.transferId(), posted, reservation.currency(), reservation.fromAccountNumber(), label));
        transfer.execute(
                t -> t.posted(posted, from.balanceMinor(), to.balanceMinor(), from.lastSequence(), to.lastSequence()));
        return reply(
                reservation,
                "COMPLETED",
                posted,
                from.balanceMinor(),
                from.availableMinor(),
                from.lastSequence(),
                to.balanceMinor(),
                to.lastSequence());
    }

    /** Releases the reservation; refused when the transfer is not pending. */
    @CommandHandler
    public PendingTransferReply handle(VoidTransferCommand command) throws Exception {
        var transfer = transfer(command.transferId());
        var reservation = transfer.invoke(t -> t.pending(clock.instant()));
        var from = release(reservation, "VOIDED");
        transfer.execute(t -> t.voided(from.lastSequence()));
        return reply(
                reservation,
                "VOIDED",
                null,
                from.balanceMinor(),
                from.availableMinor(),
                from.lastSequence(),
                null,
                null);
    }

    /** The deadline's expiry: releases a reservation still open; one already ended is left as it is. */
    @CommandHandler
    public void handle(ExpireTransferCommand command) throws Exception {
        var transfer = transfer(command.transferId());
        var open = transfer.invoke(TransferAggregate::open);
        if (open.isEmpty()) {
            return; // posted or voided first: exactly one end ever wins
        }
        var from = release(open.get(), "EXPIRED");
        transfer.execute(t -> t.expired(from.lastSequence()));
    }

    private static PendingTransferReply reply(
            TransferAggregate.Reservation reservation,
            String status,
            Long posted,
            long fromBalance,
            long fromAvailable,
            long fromSequence,
            Long toBalance,
            Long toSequence) {
        return new PendingTransferReply(
                reservation.transferId(),
                status,
                reservation.fromAccountNumber(),
                reservation.toAccountNumber(),
                reservation.amountMinor(),
                posted,
                reservation.currency(),
                reservation.expiresAt(),
                fromBalance,
                fromAvailable,
                fromSequence,
                toBalance,
                toSequence);
    }

    private io.bankcore.api.AccountState release(TransferAggregate.Reservation reservation, String reason)
            throws Exception {
        var source = existing(load(reservation.fromAccountNumber()), reservation.fromAccountNumber());
        requireHold(
                source,
                Money.of(reservation.amountMinor(), CurrencyCode.of(reservation.currency())),
                reservation.transferId());
        return source.invoke(a -> a.release(reservation.transferId(), reservation.amountMinor(), reason));
    }

    /**
     * The transfer says its amount is held, so its source must hold at least that much. When it does not,
     * one of the two copies is behind the other: the account was cached before the reservation was made
     * on another instance, or the transfer was loaded before another instance ended it (releasing the
     * hold) while this one waited for the account's lock. A lost race, then: rolled back (which drops the
     * cached copies) and retried on fresh ones, which tell the truth.
     */
    private static void requireHold(Aggregate<AccountAggregate> source, Money held, String transferId) {
        if (source.invoke(AccountAggregate::current).reserved().isLessThan(held)) {
            throw new ConcurrencyException(
                    "the source's copy and transfer " + transferId + "'s disagree on its hold: one is stale");
        }
    }

    /**
     * The transfer, or TRANSFER_NOT_FOUND. An identifier that names another aggregate's stream (an account
     * number) loads as a transfer that never happened: it is not found either.
     */
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

    private Map<String, Aggregate<AccountAggregate>> load(String... numbers) throws Exception {
        return AccountsInOrder.load(accounts, numbers);
    }

    private static Aggregate<AccountAggregate> existing(
            Map<String, Aggregate<AccountAggregate>> loaded, String number) {
        var account = loaded.get(number);
        if (account == null) {
            // A reservation's accounts existed when it was made, and accounts are never deleted.
            throw new IllegalStateException("account " + number + " of a reservation is missing");
        }
        return account;
    }
}
