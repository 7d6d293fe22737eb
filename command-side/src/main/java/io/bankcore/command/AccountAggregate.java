package io.bankcore.command;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.bankcore.api.AccountBalanceEvent;
import io.bankcore.api.AccountClosedEvent;
import io.bankcore.api.AccountFrozenEvent;
import io.bankcore.api.AccountOpenedEvent;
import io.bankcore.api.AccountOverdraftLimitChangedEvent;
import io.bankcore.api.AccountState;
import io.bankcore.api.AccountUnfrozenEvent;
import io.bankcore.api.AccountUpdatedEvent;
import io.bankcore.api.ChangeOverdraftLimitCommand;
import io.bankcore.api.CloseAccountCommand;
import io.bankcore.api.CreditForTransferCommand;
import io.bankcore.api.DebitForTransferCommand;
import io.bankcore.api.DepositMoneyCommand;
import io.bankcore.api.FreezeAccountCommand;
import io.bankcore.api.FundsReservedEvent;
import io.bankcore.api.Memo;
import io.bankcore.api.MoneyDepositedEvent;
import io.bankcore.api.MoneyWithdrawnEvent;
import io.bankcore.api.OpenAccountCommand;
import io.bankcore.api.RefundTransferCommand;
import io.bankcore.api.ReservationPostedEvent;
import io.bankcore.api.ReservationReleasedEvent;
import io.bankcore.api.ReversalCreditedEvent;
import io.bankcore.api.ReversalDebitedEvent;
import io.bankcore.api.TransferCreditRejectedEvent;
import io.bankcore.api.TransferCreditedEvent;
import io.bankcore.api.TransferDebitRejectedEvent;
import io.bankcore.api.TransferDebitedEvent;
import io.bankcore.api.TransferRefundedEvent;
import io.bankcore.api.UnfreezeAccountCommand;
import io.bankcore.api.UpdateAccountCommand;
import io.bankcore.api.WithdrawMoneyCommand;
import io.bankcore.command.transfer.TransferLegs;
import io.bankcore.command.transfer.TransferLegs.Leg;
import io.bankcore.domain.Account;
import io.bankcore.domain.AccountClosed;
import io.bankcore.domain.AccountId;
import io.bankcore.domain.AccountNumber;
import io.bankcore.domain.AccountStatus;
import io.bankcore.domain.Balance;
import io.bankcore.domain.CurrencyCode;
import io.bankcore.domain.DomainException;
import io.bankcore.domain.FreezeDirection;
import io.bankcore.domain.InvalidMetadata;
import io.bankcore.domain.InvalidMoney;
import io.bankcore.domain.Money;
import java.util.Map;
import java.util.TreeMap;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * The event-sourced shell around {@link Account}: command handlers ask the domain to decide and turn
 * its decision into an event; event sourcing handlers only evolve state and never validate, so
 * replaying history can never fail. The aggregate identifier is the account number, which makes
 * the event store's unique key the guard against two accounts with one number.
 */
@Aggregate(
        snapshotTriggerDefinition = "accountSnapshotTrigger",
        cache = "accountCache",
        lockFactory = "accountLockFactory")
public class AccountAggregate {

    @AggregateIdentifier
    private String accountNumber;

    private String accountId;
    private String currency;
    private long balanceMinor;
    private long lastSequence;
    // Absent from snapshots taken before reservations and freezes existed: 0 and null (ACTIVE) then.
    private long reservedMinor;
    private AccountStatus status;
    private FreezeDirection frozenDirection;
    private String freezeReason;
    // The client's description and metadata of the account (absent from older snapshots: none).
    private String description;
    private Map<String, String> metadata;
    // How far below zero the balance may go (absent from snapshots taken before overdraft limits: 0).
    private long overdraftLimitMinor;

    /** The most metadata keys an account may hold. */
    public static final int MAX_METADATA_KEYS = 20;

    protected AccountAggregate() {
        // for Axon: state is rebuilt from events or a snapshot
    }

    @CommandHandler
    public AccountAggregate(OpenAccountCommand command) {
        var currency = CurrencyCode.of(command.currency());
        var account = Account.open(
                AccountId.of(command.accountId()),
                AccountNumber.of(command.accountNumber()),
                Money.of(command.initialBalanceMinor(), currency),
                Money.of(command.overdraftLimitMinor(), currency));
        apply(new AccountOpenedEvent(
                account.number().value(),
                account.id().toString(),
                currency.code(),
                account.balance().amountMinor(),
                account.overdraftLimit().amountMinor()));
    }

    @CommandHandler
    public AccountState handle(DepositMoneyCommand command) {
        var after = account().deposit(requested(command.amountMinor(), command.currency()));
        apply(new MoneyDepositedEvent(
                accountNumber, command.amountMinor(), currency, after.balance().amountMinor()));
        return state();
    }

    @CommandHandler
    public AccountState handle(WithdrawMoneyCommand command) {
        var after = account().withdraw(requested(command.amountMinor(), command.currency()));
        apply(new MoneyWithdrawnEvent(
                accountNumber, command.amountMinor(), currency, after.balance().amountMinor()));
        return state();
    }

    /** Debits a transfer's source; a refusal is recorded as an event, so the saga can react to it. */
    @CommandHandler
    public void handle(DebitForTransferCommand command, TransferLegs legs) {
        if (!legs.claim(command.transferId(), Leg.DEBIT, accountNumber)) {
            return; // delivered again: the first delivery's event stands
        }
        try {
            var after = account().withdraw(requested(command.amountMinor(), command.currency()));
            apply(new TransferDebitedEvent(
                    accountNumber,
                    command.transferId(),
                    command.amountMinor(),
                    currency,
                    after.balance().amountMinor(),
                    command.counterpartyAccountNumber()));
        } catch (DomainException refused) {
            apply(new TransferDebitRejectedEvent(
                    accountNumber, command.transferId(), refused.code().name(), refused.detail()));
        }
    }

    /** Credits a transfer's destination; a refusal is recorded as an event, so the saga can refund. */
    @CommandHandler
    public void handle(CreditForTransferCommand command, TransferLegs legs) {
        if (!legs.claim(command.transferId(), Leg.CREDIT, accountNumber)) {
            return; // delivered again, or fenced off by a saga that gave up waiting for it
        }
        try {
            var after = account().deposit(requested(command.amountMinor(), command.currency()));
            apply(new TransferCreditedEvent(
                    accountNumber,
                    command.transferId(),
                    command.amountMinor(),
                    currency,
                    after.balance().amountMinor(),
                    command.counterpartyAccountNumber()));
        } catch (DomainException refused) {
            apply(new TransferCreditRejectedEvent(
                    accountNumber, command.transferId(), refused.code().name(), refused.detail()));
        }
    }

    /**
     * Returns a debited amount. There is no business reason to refuse it: the money left this very
     * account for this transfer. A failure here (a balance beyond 64 bits) propagates, and the saga's
     * deadline tries again later.
     */
    @CommandHandler
    public void handle(RefundTransferCommand command, TransferLegs legs) {
        if (!legs.claim(command.transferId(), Leg.REFUND, accountNumber)) {
            return;
        }
        var after = account().refund(requested(command.amountMinor(), command.currency()));
        apply(new TransferRefundedEvent(
                accountNumber,
                command.transferId(),
                command.amountMinor(),
                currency,
                after.balance().amountMinor(),
                command.counterpartyAccountNumber()));
    }

    /** Freezes the account, or changes its freeze's direction and reason. */
    @CommandHandler
    public AccountState handle(FreezeAccountCommand command) {
        var direction = FreezeDirection.valueOf(command.direction());
        account().freeze(direction, command.reason());
        apply(new AccountFrozenEvent(accountNumber, direction.name(), command.reason()));
        return state();
    }

    /** Lifts a freeze; an account that is not frozen is answered as it is, without an event. */
    @CommandHandler
    public AccountState handle(UnfreezeAccountCommand command) {
        var account = account();
        account.unfreeze();
        if (account.status() == AccountStatus.FROZEN) {
            apply(new AccountUnfrozenEvent(accountNumber));
        }
        return state();
    }

    /**
     * Changes the description and metadata; refused on a closed account, and when the merge would leave
     * more than {@value #MAX_METADATA_KEYS} keys. A change that changes nothing writes no event.
     */
    @CommandHandler
    public AccountState handle(UpdateAccountCommand command) {
        if (status() == AccountStatus.CLOSED) {
            throw new AccountClosed(new AccountNumber(accountNumber));
        }
        String newDescription = command.setDescription() ? command.description() : description;
        var newMetadata = new TreeMap<String, String>(metadata == null ? Map.of() : metadata);
        command.removeMetadata().forEach(newMetadata::remove);
        newMetadata.putAll(command.setMetadata());
        if (newMetadata.size() > MAX_METADATA_KEYS) {
            throw new InvalidMetadata(
                    "metadata: the account would have " + newMetadata.size() + " keys; at most " + MAX_METADATA_KEYS);
        }
        boolean same = java.util.Objects.equals(newDescription, description)
                && newMetadata.equals(metadata == null ? Map.of() : metadata);
        if (!same) {
            apply(new AccountUpdatedEvent(accountNumber, newDescription, Map.copyOf(newMetadata)));
        }
        return state();
    }

    /**
     * Sets how far below zero the balance may go; refused on a closed account only. A limit below what
     * the account uses is allowed (it stops further debits). The same limit again writes no event.
     */
    @CommandHandler
    public AccountState handle(ChangeOverdraftLimitCommand command) {
        var after = account().changeOverdraftLimit(Money.of(command.overdraftLimitMinor(), CurrencyCode.of(currency)));
        if (after.overdraftLimit().amountMinor() != overdraftLimitMinor) {
            apply(new AccountOverdraftLimitChangedEvent(
                    accountNumber, after.overdraftLimit().amountMinor(), overdraftLimitMinor, currency));
        }
        return state();
    }

    @CommandHandler
    public AccountState handle(CloseAccountCommand command) {
        account().close();
        apply(new AccountClosedEvent(accountNumber));
        return state();
    }

    /** Holds {@code amountMinor} for a pending transfer; refused as a withdrawal of it would be. */
    public AccountState reserve(String transferId, long amountMinor, String amountCurrency, String counterparty) {
        var after = account().reserve(requested(amountMinor, amountCurrency));
        apply(new FundsReservedEvent(
                accountNumber,
                transferId,
                amountMinor,
                currency,
                after.reserved().amountMinor(),
                counterparty));
        return state();
    }

    /** Ends a pending transfer's hold without moving money ({@code reason}: VOIDED or EXPIRED). */
    public AccountState release(String transferId, long amountMinor, String reason) {
        var after = account().release(requested(amountMinor, currency));
        apply(new ReservationReleasedEvent(
                accountNumber,
                transferId,
                amountMinor,
                currency,
                after.reserved().amountMinor(),
                reason));
        return state();
    }

    /** Posts a pending transfer's debit: {@code postedMinor} of the {@code heldMinor} held leaves the account. */
    public AccountState postReserved(
            String transferId, long heldMinor, long postedMinor, String counterparty, Memo label) {
        if (postedMinor <= 0) {
            throw new InvalidMoney("amount must be greater than 0, got " + postedMinor);
        }
        var after = account().postReserved(requested(heldMinor, currency), requested(postedMinor, currency));
        apply(
                new ReservationPostedEvent(
                        accountNumber,
                        transferId,
                        postedMinor,
                        heldMinor,
                        currency,
                        after.balance().amountMinor(),
                        after.reserved().amountMinor(),
                        counterparty),
                MetaData.from(label.asMetaData()));
        return state();
    }

    /**
     * Debits a transfer whose both legs are applied in one unit of work (a transfer of an atomic batch);
     * refused as a withdrawal of the amount would be. No leg is claimed: nothing sends it again.
     */
    public AccountState debitTransfer(
            String transferId, long amountMinor, String amountCurrency, String counterparty, Memo label) {
        var after = account().withdraw(requested(amountMinor, amountCurrency));
        apply(
                new TransferDebitedEvent(
                        accountNumber,
                        transferId,
                        amountMinor,
                        currency,
                        after.balance().amountMinor(),
                        counterparty),
                MetaData.from(label.asMetaData()));
        return state();
    }

    /**
     * Credits a transfer whose both legs are applied in one unit of work (a posted pending transfer, a
     * transfer of an atomic batch); a refusal (closed, frozen, overflow) fails the whole unit of work.
     */
    public AccountState creditTransfer(
            String transferId, long amountMinor, String amountCurrency, String counterparty, Memo label) {
        var after = account().deposit(requested(amountMinor, amountCurrency));
        apply(
                new TransferCreditedEvent(
                        accountNumber,
                        transferId,
                        amountMinor,
                        currency,
                        after.balance().amountMinor(),
                        counterparty),
                MetaData.from(label.asMetaData()));
        return state();
    }

    /**
     * A reversal's debit of this account, a transfer's destination; refused as a withdrawal of the amount
     * would be. The caller has checked both legs before either is applied.
     */
    public AccountState debitReversal(
            String reversalId, String transferId, long amountMinor, String amountCurrency, String counterparty) {
        var after = account().withdraw(requested(amountMinor, amountCurrency));
        apply(new ReversalDebitedEvent(
                accountNumber,
                reversalId,
                transferId,
                amountMinor,
                currency,
                after.balance().amountMinor(),
                counterparty));
        return state();
    }

    /** A reversal's credit of this account, a transfer's source; refused as a deposit of the amount would be. */
    public AccountState creditReversal(
            String reversalId, String transferId, long amountMinor, String amountCurrency, String counterparty) {
        var after = account().deposit(requested(amountMinor, amountCurrency));
        apply(new ReversalCreditedEvent(
                accountNumber,
                reversalId,
                transferId,
                amountMinor,
                currency,
                after.balance().amountMinor(),
                counterparty));
        return state();
    }

    @EventSourcingHandler
    void on(AccountOpenedEvent event, @SequenceNumber long sequence, MetaData metaData) {
        var memo = Memo.of(metaData);
        this.description = memo.description();
        this.metadata = memo.metadata().isEmpty() ? null : memo.metadata();
        this.accountNumber = event.accountNumber();
        this.accountId = event.accountId();
        this.currency = event.currency();
        this.balanceMinor = event.initialBalanceMinor();
        this.overdraftLimitMinor = event.overdraftLimitMinor();
        this.lastSequence = sequence;
    }

    @EventSourcingHandler
    void on(AccountOverdraftLimitChangedEvent event, @SequenceNumber long sequence) {
        this.overdraftLimitMinor = event.overdraftLimitMinor();
        this.lastSequence = sequence;
    }

    /** Deposits, withdrawals and transfer legs all carry the balance after them. */
    @EventSourcingHandler
    void on(AccountBalanceEvent event, @SequenceNumber long sequence) {
        this.balanceMinor = event.balanceMinor();
        this.lastSequence = sequence;
    }

    @EventSourcingHandler
    void on(FundsReservedEvent event, @SequenceNumber long sequence) {
        this.reservedMinor = event.reservedMinor();
        this.lastSequence = sequence;
    }

    @EventSourcingHandler
    void on(ReservationReleasedEvent event, @SequenceNumber long sequence) {
        this.reservedMinor = event.reservedMinor();
        this.lastSequence = sequence;
    }

    @EventSourcingHandler
    void on(ReservationPostedEvent event, @SequenceNumber long sequence) {
        this.balanceMinor = event.balanceMinor();
        this.reservedMinor = event.reservedMinor();
        this.lastSequence = sequence;
    }

    @EventSourcingHandler
    void on(AccountFrozenEvent event, @SequenceNumber long sequence) {
        this.status = AccountStatus.FROZEN;
        this.frozenDirection = FreezeDirection.valueOf(event.direction());
        this.freezeReason = event.reason();
        this.lastSequence = sequence;
    }

    @EventSourcingHandler
    void on(AccountUnfrozenEvent event, @SequenceNumber long sequence) {
        this.status = AccountStatus.ACTIVE;
        this.frozenDirection = null;
        this.freezeReason = null;
        this.lastSequence = sequence;
    }

    @EventSourcingHandler
    void on(AccountUpdatedEvent event, @SequenceNumber long sequence) {
        this.description = event.description();
        this.metadata = event.metadata().isEmpty() ? null : event.metadata();
        this.lastSequence = sequence;
    }

    @EventSourcingHandler
    void on(AccountClosedEvent event, @SequenceNumber long sequence) {
        this.status = AccountStatus.CLOSED;
        this.frozenDirection = null;
        this.freezeReason = null;
        this.lastSequence = sequence;
    }

    @EventSourcingHandler
    void on(TransferDebitRejectedEvent event, @SequenceNumber long sequence) {
        this.lastSequence = sequence;
    }

    @EventSourcingHandler
    void on(TransferCreditRejectedEvent event, @SequenceNumber long sequence) {
        this.lastSequence = sequence;
    }

    /** The account as its events left it, for decisions taken outside this aggregate (a transfer's checks). */
    public Account current() {
        return account();
    }

    private Account account() {
        var code = CurrencyCode.of(currency);
        return new Account(
                AccountId.of(accountId),
                new AccountNumber(accountNumber),
                Balance.of(balanceMinor, code),
                Money.of(reservedMinor, code),
                Money.of(overdraftLimitMinor, code),
                status(),
                frozenDirection,
                freezeReason);
    }

    private AccountStatus status() {
        return status == null ? AccountStatus.ACTIVE : status;
    }

    /** The amount named by a command; its currency must be valid, and is checked against ours by the domain. */
    private static Money requested(long amountMinor, String currency) {
        return Money.positive(amountMinor, CurrencyCode.of(currency));
    }

    private AccountState state() {
        return new AccountState(
                accountNumber,
                accountId,
                balanceMinor,
                currency,
                lastSequence,
                reservedMinor,
                status().name(),
                frozenDirection == null ? null : frozenDirection.name(),
                freezeReason,
                overdraftLimitMinor);
    }
}
