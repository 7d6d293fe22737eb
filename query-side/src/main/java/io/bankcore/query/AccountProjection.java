package io.bankcore.query;

import io.bankcore.api.AccountOpenedEvent;
import io.bankcore.api.MoneyDepositedEvent;
import io.bankcore.api.MoneyWithdrawnEvent;
import io.bankcore.api.TransferCreditRejectedEvent;
import io.bankcore.api.TransferCreditedEvent;
import io.bankcore.api.TransferDebitRejectedEvent;
import io.bankcore.api.TransferDebitedEvent;
import io.bankcore.api.TransferRefundedEvent;
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
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Builds the {@code account_balance} and {@code ledger_entry} tables. Both tables are written by this
 * one handler in the processor's transaction, together with its token, so they never lag each other
 * and an event is applied exactly once. Balances are copied from the events, never recomputed here.
 */
@ProcessingGroup(AccountProjection.PROCESSING_GROUP)
public class AccountProjection {

    public static final String PROCESSING_GROUP = "accounts";

    private final JdbcTemplate jdbc;
    private final ProjectionProgress progress;

    public AccountProjection(JdbcTemplate jdbc, ProjectionProgress progress) {
        this.jdbc = jdbc;
        this.progress = progress;
    }

    @EventHandler
    void on(
            AccountOpenedEvent event,
            EventMessage<?> message,
            @SequenceNumber long sequence,
            @Timestamp Instant occurredAt) {
        jdbc.update(
                "INSERT INTO account_balance (account_number, account_id, currency, balance_minor, last_sequence,"
                        + " opened_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                event.accountNumber(),
                UUID.fromString(event.accountId()),
                event.currency(),
                event.initialBalanceMinor(),
                sequence,
                timestamp(occurredAt),
                timestamp(occurredAt));
        if (event.initialBalanceMinor() > 0) {
            insertEntry(
                    message, event.accountNumber(), sequence, "DEPOSIT", event.initialBalanceMinor(), event.currency());
        }
        advanced(event.accountNumber(), sequence);
    }

    @EventHandler
    void on(
            MoneyDepositedEvent event,
            EventMessage<?> message,
            @SequenceNumber long sequence,
            @Timestamp Instant occurredAt) {
        updateBalance(event.accountNumber(), event.balanceMinor(), sequence, occurredAt);
        insertEntry(message, event.accountNumber(), sequence, "DEPOSIT", event.amountMinor(), event.currency());
        advanced(event.accountNumber(), sequence);
    }

    @EventHandler
    void on(
            MoneyWithdrawnEvent event,
            EventMessage<?> message,
            @SequenceNumber long sequence,
            @Timestamp Instant occurredAt) {
        updateBalance(event.accountNumber(), event.balanceMinor(), sequence, occurredAt);
        insertEntry(message, event.accountNumber(), sequence, "WITHDRAWAL", event.amountMinor(), event.currency());
        advanced(event.accountNumber(), sequence);
    }

    @EventHandler
    void on(
            TransferDebitedEvent event,
            EventMessage<?> message,
            @SequenceNumber long sequence,
            @Timestamp Instant occurredAt) {
        updateBalance(event.accountNumber(), event.balanceMinor(), sequence, occurredAt);
        insertEntry(
                message,
                event.accountNumber(),
                sequence,
                "TRANSFER_OUT",
                event.amountMinor(),
                event.currency(),
                event.transferId(),
                event.counterpartyAccountNumber());
        advanced(event.accountNumber(), sequence);
    }

    @EventHandler
    void on(
            TransferCreditedEvent event,
            EventMessage<?> message,
            @SequenceNumber long sequence,
            @Timestamp Instant occurredAt) {
        updateBalance(event.accountNumber(), event.balanceMinor(), sequence, occurredAt);
        insertEntry(
                message,
                event.accountNumber(),
                sequence,
                "TRANSFER_IN",
                event.amountMinor(),
                event.currency(),
                event.transferId(),
                event.counterpartyAccountNumber());
        advanced(event.accountNumber(), sequence);
    }

    @EventHandler
    void on(
            TransferRefundedEvent event,
            EventMessage<?> message,
            @SequenceNumber long sequence,
            @Timestamp Instant occurredAt) {
        updateBalance(event.accountNumber(), event.balanceMinor(), sequence, occurredAt);
        insertEntry(
                message,
                event.accountNumber(),
                sequence,
                "TRANSFER_REFUND",
                event.amountMinor(),
                event.currency(),
                event.transferId(),
                event.counterpartyAccountNumber());
        advanced(event.accountNumber(), sequence);
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
        jdbc.update("DELETE FROM ledger_entry");
        jdbc.update("DELETE FROM account_balance");
    }

    private void updateBalance(String accountNumber, long balanceMinor, long sequence, Instant occurredAt) {
        int rows = jdbc.update(
                "UPDATE account_balance SET balance_minor = ?, last_sequence = ?, updated_at = ?"
                        + " WHERE account_number = ?",
                balanceMinor,
                sequence,
                timestamp(occurredAt),
                accountNumber);
        if (rows != 1) {
            // The account's opening event is always handled first (same aggregate, same segment).
            throw new IllegalStateException("no balance row for account " + accountNumber);
        }
    }

    private void touch(String accountNumber, long sequence) {
        jdbc.update("UPDATE account_balance SET last_sequence = ? WHERE account_number = ?", sequence, accountNumber);
        advanced(accountNumber, sequence);
    }

    private void insertEntry(
            EventMessage<?> message,
            String accountNumber,
            long sequence,
            String entryType,
            long amountMinor,
            String currency) {
        insertEntry(message, accountNumber, sequence, entryType, amountMinor, currency, null, null);
    }

    private void insertEntry(
            EventMessage<?> message,
            String accountNumber,
            long sequence,
            String entryType,
            long amountMinor,
            String currency,
            String correlationId,
            String counterparty) {
        jdbc.update(
                "INSERT INTO ledger_entry (entry_id, account_number, sequence, entry_type, amount_minor, currency,"
                        + " correlation_id, counterparty_account_number, occurred_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                UUID.fromString(message.getIdentifier()),
                accountNumber,
                sequence,
                entryType,
                amountMinor,
                currency,
                correlationId,
                counterparty,
                timestamp(message.getTimestamp()));
    }

    private void advanced(String accountNumber, long sequence) {
        // Waiters learn of the new position only once it is committed and visible to other readers.
        CurrentUnitOfWork.ifStarted(uow -> uow.afterCommit(u -> progress.advanced(accountNumber, sequence)));
    }

    /** Stored in UTC with microsecond precision, which both PostgreSQL and H2 keep exactly. */
    static OffsetDateTime timestamp(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }
}
