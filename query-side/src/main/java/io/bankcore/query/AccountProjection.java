package io.bankcore.query;

import io.bankcore.api.AccountClosedEvent;
import io.bankcore.api.AccountFrozenEvent;
import io.bankcore.api.AccountOpenedEvent;
import io.bankcore.api.AccountOverdraftLimitChangedEvent;
import io.bankcore.api.AccountUnfrozenEvent;
import io.bankcore.api.AccountUpdatedEvent;
import io.bankcore.api.FundsReservedEvent;
import io.bankcore.api.Memo;
import io.bankcore.api.MoneyDepositedEvent;
import io.bankcore.api.MoneyWithdrawnEvent;
import io.bankcore.api.ReservationPostedEvent;
import io.bankcore.api.ReservationReleasedEvent;
import io.bankcore.api.ReversalCreditedEvent;
import io.bankcore.api.ReversalDebitedEvent;
import io.bankcore.api.TransferCreditRejectedEvent;
import io.bankcore.api.TransferCreditedEvent;
import io.bankcore.api.TransferDebitRejectedEvent;
import io.bankcore.api.TransferDebitedEvent;
import io.bankcore.api.TransferRefundedEvent;
import io.bankcore.query.tables.AccountTables;
import io.bankcore.query.tables.HeldWrites;
import io.bankcore.query.tables.JdbcReadTables;
import io.bankcore.query.tables.ReadTables;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Builds the {@code account_balance} and {@code ledger_entry} tables. Both tables are written by this
 * one handler in the processor's transaction, together with its token, so they never lag each other.
 * Balances are copied from the events, never recomputed here. Every write is guarded by the account's
 * event sequence ({@link AccountTables}), so an event applied twice changes nothing: a replay that
 * rebuilt the tables may overlap with this processor's own position.
 */
@ProcessingGroup(AccountProjection.PROCESSING_GROUP)
public class AccountProjection {

    public static final String PROCESSING_GROUP = "accounts";

    private final AccountTables tables;
    private final ProjectionProgress progress;
    private final LiveTablesGate gate;

    /** The live projection, on the live tables. */
    public AccountProjection(JdbcTemplate jdbc, ProjectionProgress progress, LiveTablesGate gate) {
        this(jdbc, progress, gate, null);
    }

    /** The live projection, whose writes in a batch of the write pipeline {@code held} keeps back. */
    public AccountProjection(JdbcTemplate jdbc, ProjectionProgress progress, LiveTablesGate gate, HeldWrites held) {
        this(new JdbcReadTables(jdbc, ReadTables.LIVE, held), progress, gate);
    }

    /** A projection on other tables (a replay's), which nothing else has to wait for. */
    public AccountProjection(AccountTables tables, ProjectionProgress progress) {
        this(tables, progress, new LiveTablesGate());
    }

    private AccountProjection(AccountTables tables, ProjectionProgress progress, LiveTablesGate gate) {
        this.tables = tables;
        this.progress = progress;
        this.gate = gate;
    }

    @EventHandler
    void on(AccountOpenedEvent event, EventMessage<?> message, @SequenceNumber long sequence) {
        gate.pass();
        var openedAt = timestamp(message.getTimestamp());
        boolean opened = tables.open(
                event.accountNumber(),
                UUID.fromString(event.accountId()),
                event.currency(),
                event.initialBalanceMinor(),
                event.overdraftLimitMinor(),
                sequence,
                openedAt,
                Memo.of(message.getMetaData()));
        if (opened && event.initialBalanceMinor() > 0) {
            tables.addEntry(entry(
                    message,
                    event.accountNumber(),
                    sequence,
                    "DEPOSIT",
                    event.initialBalanceMinor(),
                    event.currency(),
                    null,
                    null));
        }
        advanced(event.accountNumber(), sequence);
    }

    @EventHandler
    void on(MoneyDepositedEvent event, EventMessage<?> message, @SequenceNumber long sequence) {
        moneyMoved(
                message,
                sequence,
                event.accountNumber(),
                event.balanceMinor(),
                "DEPOSIT",
                event.amountMinor(),
                event.currency(),
                null,
                null);
    }

    @EventHandler
    void on(MoneyWithdrawnEvent event, EventMessage<?> message, @SequenceNumber long sequence) {
        moneyMoved(
                message,
                sequence,
                event.accountNumber(),
                event.balanceMinor(),
                "WITHDRAWAL",
                event.amountMinor(),
                event.currency(),
                null,
                null);
    }

    @EventHandler
    void on(TransferDebitedEvent event, EventMessage<?> message, @SequenceNumber long sequence) {
        moneyMoved(
                message,
                sequence,
                event.accountNumber(),
                event.balanceMinor(),
                "TRANSFER_OUT",
                event.amountMinor(),
                event.currency(),
                event.transferId(),
                event.counterpartyAccountNumber());
    }

    @EventHandler
    void on(TransferCreditedEvent event, EventMessage<?> message, @SequenceNumber long sequence) {
        moneyMoved(
                message,
                sequence,
                event.accountNumber(),
                event.balanceMinor(),
                "TRANSFER_IN",
                event.amountMinor(),
                event.currency(),
                event.transferId(),
                event.counterpartyAccountNumber());
    }

    @EventHandler
    void on(TransferRefundedEvent event, EventMessage<?> message, @SequenceNumber long sequence) {
        moneyMoved(
                message,
                sequence,
                event.accountNumber(),
                event.balanceMinor(),
                "TRANSFER_REFUND",
                event.amountMinor(),
                event.currency(),
                event.transferId(),
                event.counterpartyAccountNumber());
    }

    /** A reversal's debit of a transfer's destination: its line carries the reversal's id. */
    @EventHandler
    void on(ReversalDebitedEvent event, EventMessage<?> message, @SequenceNumber long sequence) {
        moneyMoved(
                message,
                sequence,
                event.accountNumber(),
                event.balanceMinor(),
                "REVERSAL_OUT",
                event.amountMinor(),
                event.currency(),
                event.reversalId(),
                event.counterpartyAccountNumber());
    }

    /** A reversal's credit of a transfer's source: its line carries the reversal's id. */
    @EventHandler
    void on(ReversalCreditedEvent event, EventMessage<?> message, @SequenceNumber long sequence) {
        moneyMoved(
                message,
                sequence,
                event.accountNumber(),
                event.balanceMinor(),
                "REVERSAL_IN",
                event.amountMinor(),
                event.currency(),
                event.reversalId(),
                event.counterpartyAccountNumber());
    }

    /** A posted reservation: the amount that moved is a TRANSFER_OUT line, as for any transfer. */
    @EventHandler
    void on(ReservationPostedEvent event, EventMessage<?> message, @SequenceNumber long sequence) {
        gate.pass();
        if (tables.moveBalance(
                event.accountNumber(),
                event.balanceMinor(),
                event.reservedMinor(),
                sequence,
                timestamp(message.getTimestamp()))) {
            tables.addEntry(entry(
                    message,
                    event.accountNumber(),
                    sequence,
                    "TRANSFER_OUT",
                    event.amountMinor(),
                    event.currency(),
                    event.transferId(),
                    event.counterpartyAccountNumber()));
        }
        advanced(event.accountNumber(), sequence);
    }

    /** A hold moves no money and writes no ledger line: only the reserved total changes. */
    @EventHandler
    void on(FundsReservedEvent event, EventMessage<?> message, @SequenceNumber long sequence) {
        reserved(event.accountNumber(), event.reservedMinor(), message, sequence);
    }

    @EventHandler
    void on(ReservationReleasedEvent event, EventMessage<?> message, @SequenceNumber long sequence) {
        reserved(event.accountNumber(), event.reservedMinor(), message, sequence);
    }

    @EventHandler
    void on(AccountFrozenEvent event, EventMessage<?> message, @SequenceNumber long sequence) {
        status(event.accountNumber(), "FROZEN", event.direction(), event.reason(), message, sequence);
    }

    @EventHandler
    void on(AccountUnfrozenEvent event, EventMessage<?> message, @SequenceNumber long sequence) {
        status(event.accountNumber(), "ACTIVE", null, null, message, sequence);
    }

    @EventHandler
    void on(AccountUpdatedEvent event, EventMessage<?> message, @SequenceNumber long sequence) {
        gate.pass();
        tables.describe(
                event.accountNumber(),
                new Memo(event.description(), event.metadata()),
                sequence,
                timestamp(message.getTimestamp()));
        advanced(event.accountNumber(), sequence);
    }

    @EventHandler
    void on(AccountOverdraftLimitChangedEvent event, EventMessage<?> message, @SequenceNumber long sequence) {
        gate.pass();
        tables.overdraftLimit(
                event.accountNumber(), event.overdraftLimitMinor(), sequence, timestamp(message.getTimestamp()));
        advanced(event.accountNumber(), sequence);
    }

    @EventHandler
    void on(AccountClosedEvent event, EventMessage<?> message, @SequenceNumber long sequence) {
        status(event.accountNumber(), "CLOSED", null, null, message, sequence);
    }

    /** A refused leg moves no money and writes no ledger line, but it is the account's latest event. */
    @EventHandler
    void on(TransferDebitRejectedEvent event, @SequenceNumber long sequence) {
        touch(event.accountNumber(), sequence);
    }

    @EventHandler
    void on(TransferCreditRejectedEvent event, @SequenceNumber long sequence) {
        touch(event.accountNumber(), sequence);
    }

    @ResetHandler
    void reset() {
        gate.pass();
        tables.clearAccounts();
    }

    /** One event that moved money: the balance it carries, its ledger line, and the waiters told. */
    private void moneyMoved(
            EventMessage<?> message,
            long sequence,
            String accountNumber,
            long balanceMinor,
            String entryType,
            long amountMinor,
            String currency,
            String correlationId,
            String counterparty) {
        gate.pass();
        if (tables.moveBalance(accountNumber, balanceMinor, sequence, timestamp(message.getTimestamp()))) {
            tables.addEntry(entry(
                    message, accountNumber, sequence, entryType, amountMinor, currency, correlationId, counterparty));
        }
        advanced(accountNumber, sequence);
    }

    private void reserved(String accountNumber, long reservedMinor, EventMessage<?> message, long sequence) {
        gate.pass();
        tables.reserve(accountNumber, reservedMinor, sequence, timestamp(message.getTimestamp()));
        advanced(accountNumber, sequence);
    }

    private void status(
            String accountNumber,
            String status,
            String direction,
            String reason,
            EventMessage<?> message,
            long sequence) {
        gate.pass();
        tables.status(accountNumber, status, direction, reason, sequence, timestamp(message.getTimestamp()));
        advanced(accountNumber, sequence);
    }

    private void touch(String accountNumber, long sequence) {
        gate.pass();
        tables.touch(accountNumber, sequence);
        advanced(accountNumber, sequence);
    }

    private static AccountTables.Entry entry(
            EventMessage<?> message,
            String accountNumber,
            long sequence,
            String entryType,
            long amountMinor,
            String currency,
            String correlationId,
            String counterparty) {
        return new AccountTables.Entry(
                UUID.fromString(message.getIdentifier()),
                accountNumber,
                sequence,
                entryType,
                amountMinor,
                currency,
                correlationId,
                counterparty,
                timestamp(message.getTimestamp()),
                Memo.of(message.getMetaData()));
    }

    private void advanced(String accountNumber, long sequence) {
        if (!progress.followed()) {
            return; // applied in the write's own transaction: nobody waits for it
        }
        // Waiters learn of the new position only once it is committed and visible to other readers.
        CurrentUnitOfWork.ifStarted(uow -> uow.afterCommit(u -> progress.advanced(accountNumber, sequence)));
    }

    /** Stored in UTC with microsecond precision, which both PostgreSQL and H2 keep exactly. */
    static OffsetDateTime timestamp(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }
}
