package io.bankcore.query;

import io.bankcore.api.TransferCompletedEvent;
import io.bankcore.api.TransferFailedEvent;
import io.bankcore.api.TransferRequestedEvent;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.jdbc.core.JdbcTemplate;

/** Builds the {@code transfer} table from the transfer aggregate's events. */
@ProcessingGroup(TransferProjection.PROCESSING_GROUP)
public class TransferProjection {

    public static final String PROCESSING_GROUP = "transfers";

    /** Waiters on a transfer wait for this "sequence" under {@link #progressKey(String)}: it is settled. */
    static final long SETTLED = 1;

    private final JdbcTemplate jdbc;
    private final ProjectionProgress progress;

    public TransferProjection(JdbcTemplate jdbc, ProjectionProgress progress) {
        this.jdbc = jdbc;
        this.progress = progress;
    }

    static String progressKey(String transferId) {
        return "transfer:" + transferId;
    }

    @EventHandler
    void on(TransferRequestedEvent event, @Timestamp Instant occurredAt) {
        jdbc.update(
                "INSERT INTO transfer (transfer_id, status, from_account_number, to_account_number, amount_minor,"
                        + " currency, refunded, requested_at) VALUES (?, 'PENDING', ?, ?, ?, ?, FALSE, ?)",
                event.transferId(),
                event.fromAccountNumber(),
                event.toAccountNumber(),
                event.amountMinor(),
                event.currency(),
                utc(occurredAt));
    }

    @EventHandler
    void on(TransferCompletedEvent event, @Timestamp Instant occurredAt) {
        jdbc.update(
                "UPDATE transfer SET status = 'COMPLETED', from_balance_minor = ?, to_balance_minor = ?,"
                        + " from_sequence = ?, to_sequence = ?, finished_at = ? WHERE transfer_id = ?",
                event.fromBalanceMinor(),
                event.toBalanceMinor(),
                event.fromSequence(),
                event.toSequence(),
                utc(occurredAt),
                event.transferId());
        settled(event.transferId());
    }

    @EventHandler
    void on(TransferFailedEvent event, @Timestamp Instant occurredAt) {
        jdbc.update(
                "UPDATE transfer SET status = 'FAILED', failure_code = ?, failure_reason = ?, refunded = ?,"
                        + " from_sequence = ?, to_sequence = ?, finished_at = ? WHERE transfer_id = ?",
                event.code(),
                event.reason(),
                event.refunded(),
                event.fromSequence() < 0 ? null : event.fromSequence(),
                event.toSequence() < 0 ? null : event.toSequence(),
                utc(occurredAt),
                event.transferId());
        settled(event.transferId());
    }

    @ResetHandler
    void reset() {
        jdbc.update("DELETE FROM transfer");
    }

    private void settled(String transferId) {
        CurrentUnitOfWork.ifStarted(uow -> uow.afterCommit(u -> progress.advanced(progressKey(transferId), SETTLED)));
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }
}
