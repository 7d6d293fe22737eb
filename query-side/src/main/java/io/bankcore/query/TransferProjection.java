package io.bankcore.query;

import io.bankcore.api.Memo;
import io.bankcore.api.TransferCompletedEvent;
import io.bankcore.api.TransferExpiredEvent;
import io.bankcore.api.TransferFailedEvent;
import io.bankcore.api.TransferPostedEvent;
import io.bankcore.api.TransferRequestedEvent;
import io.bankcore.api.TransferReservedEvent;
import io.bankcore.api.TransferReversedEvent;
import io.bankcore.api.TransferVoidedEvent;
import io.bankcore.query.tables.HeldWrites;
import io.bankcore.query.tables.JdbcReadTables;
import io.bankcore.query.tables.ReadTables;
import io.bankcore.query.tables.TransferTables;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Builds the {@code transfer} table from the transfer aggregate's events. Applying an event twice
 * changes nothing (see {@link TransferTables}).
 */
@ProcessingGroup(TransferProjection.PROCESSING_GROUP)
public class TransferProjection {

    public static final String PROCESSING_GROUP = "transfers";

    /** Waiters on a transfer wait for this "sequence" under {@link #progressKey(String)}: it is settled. */
    static final long SETTLED = 1;

    private final TransferTables tables;
    private final ProjectionProgress progress;
    private final LiveTablesGate gate;

    /** The live projection, on the live table. */
    public TransferProjection(JdbcTemplate jdbc, ProjectionProgress progress, LiveTablesGate gate) {
        this(jdbc, progress, gate, null);
    }

    /** The live projection, whose writes in a batch of the write pipeline {@code held} keeps back. */
    public TransferProjection(JdbcTemplate jdbc, ProjectionProgress progress, LiveTablesGate gate, HeldWrites held) {
        this(new JdbcReadTables(jdbc, ReadTables.LIVE, held), progress, gate);
    }

    /** A projection on another table (a replay's), which nothing else has to wait for. */
    public TransferProjection(TransferTables tables, ProjectionProgress progress) {
        this(tables, progress, new LiveTablesGate());
    }

    private TransferProjection(TransferTables tables, ProjectionProgress progress, LiveTablesGate gate) {
        this.tables = tables;
        this.progress = progress;
        this.gate = gate;
    }

    static String progressKey(String transferId) {
        return "transfer:" + transferId;
    }

    @EventHandler
    void on(TransferRequestedEvent event, @Timestamp Instant occurredAt, MetaData metaData) {
        gate.pass();
        tables.requested(
                event.transferId(),
                event.fromAccountNumber(),
                event.toAccountNumber(),
                event.amountMinor(),
                event.currency(),
                utc(occurredAt),
                Memo.of(metaData));
    }

    @EventHandler
    void on(TransferCompletedEvent event, @Timestamp Instant occurredAt) {
        gate.pass();
        tables.completed(
                event.transferId(),
                event.fromBalanceMinor(),
                event.toBalanceMinor(),
                event.fromSequence(),
                event.toSequence(),
                utc(occurredAt));
        settled(event.transferId());
    }

    @EventHandler
    void on(TransferFailedEvent event, @Timestamp Instant occurredAt) {
        gate.pass();
        tables.failed(
                event.transferId(),
                event.code(),
                event.reason(),
                event.refunded(),
                event.fromSequence() < 0 ? null : event.fromSequence(),
                event.toSequence() < 0 ? null : event.toSequence(),
                utc(occurredAt));
        settled(event.transferId());
    }

    @EventHandler
    void on(TransferReservedEvent event, @Timestamp Instant occurredAt, MetaData metaData) {
        gate.pass();
        tables.reserved(
                event.transferId(),
                event.fromAccountNumber(),
                event.toAccountNumber(),
                event.amountMinor(),
                event.currency(),
                utc(event.expiresAt()),
                utc(occurredAt),
                Memo.of(metaData));
    }

    @EventHandler
    void on(TransferPostedEvent event, @Timestamp Instant occurredAt) {
        gate.pass();
        tables.posted(
                event.transferId(),
                event.postedMinor(),
                event.fromBalanceMinor(),
                event.toBalanceMinor(),
                event.fromSequence(),
                event.toSequence(),
                utc(occurredAt));
        settled(event.transferId());
    }

    @EventHandler
    void on(TransferVoidedEvent event, @Timestamp Instant occurredAt) {
        gate.pass();
        tables.released(event.transferId(), "VOIDED", event.fromSequence(), utc(occurredAt));
        settled(event.transferId());
    }

    @EventHandler
    void on(TransferExpiredEvent event, @Timestamp Instant occurredAt) {
        gate.pass();
        tables.released(event.transferId(), "EXPIRED", event.fromSequence(), utc(occurredAt));
        settled(event.transferId());
    }

    /** A reversal: a row of its own (the transfer's row stays as it settled). */
    @EventHandler
    void on(TransferReversedEvent event, @Timestamp Instant occurredAt, MetaData metaData) {
        gate.pass();
        tables.reversed(new TransferTables.Reversal(
                event.reversalId(),
                event.transferId(),
                event.fromAccountNumber(),
                event.toAccountNumber(),
                event.amountMinor(),
                event.reversedMinor(),
                event.currency(),
                event.fromBalanceMinor(),
                event.toBalanceMinor(),
                event.fromSequence(),
                event.toSequence(),
                utc(occurredAt),
                Memo.of(metaData)));
    }

    @ResetHandler
    void reset() {
        gate.pass();
        tables.clearTransfers();
    }

    private void settled(String transferId) {
        if (!progress.followed()) {
            return; // settled in the request's own transaction: nobody waits for it
        }
        CurrentUnitOfWork.ifStarted(uow -> uow.afterCommit(u -> progress.advanced(progressKey(transferId), SETTLED)));
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }
}
