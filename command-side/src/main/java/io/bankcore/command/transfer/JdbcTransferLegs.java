package io.bankcore.command.transfer;

import io.bankcore.command.Database;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Claims legs in {@code transfer_leg}. The insert runs in the caller's transaction (the command's or
 * the saga's), and the primary key decides between two concurrent claims: the loser waits for the
 * winner's transaction and then sees the duplicate. A leg of a transfer created in the same unit of
 * work has never been claimed (its id is new), so its claim can be held back and sent with the write
 * pipeline's batch, where a duplicate, which cannot happen, would fail the batch.
 */
public class JdbcTransferLegs implements TransferLegs {

    private static final String INSERT =
            "INSERT INTO transfer_leg (transfer_id, leg, account_number, claimed_at) VALUES (?, ?, ?, ?)";

    /** Where an insert whose outcome is known can be held back (see the write pipeline's batches). */
    @FunctionalInterface
    public interface Deferral {
        /** Holds the insert back, which must then insert one row; false when nothing is held now. */
        boolean hold(String sql, Object... arguments);

        Deferral NONE = (sql, arguments) -> false;
    }

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final boolean postgres;
    private final Deferral deferral;

    public JdbcTransferLegs(JdbcTemplate jdbc, Clock clock) {
        this(jdbc, clock, Deferral.NONE);
    }

    public JdbcTransferLegs(JdbcTemplate jdbc, Clock clock, Deferral deferral) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.postgres = Database.isPostgres(jdbc);
        this.deferral = deferral;
    }

    @Override
    public boolean claim(String transferId, Leg leg, String accountNumber) {
        OffsetDateTime now = clock.instant().truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
        if (NewTransfers.createdHere(transferId) && deferral.hold(INSERT, transferId, leg.name(), accountNumber, now)) {
            return true;
        }
        if (postgres) {
            // A failed statement would abort the whole PostgreSQL transaction, so conflicts are not errors here.
            return jdbc.update(
                            INSERT + " ON CONFLICT (transfer_id, leg) DO NOTHING",
                            transferId,
                            leg.name(),
                            accountNumber,
                            now)
                    == 1;
        }
        Integer existing = jdbc.queryForObject(
                "SELECT count(*) FROM transfer_leg WHERE transfer_id = ? AND leg = ?",
                Integer.class,
                transferId,
                leg.name());
        if (existing != null && existing > 0) {
            return false;
        }
        try {
            jdbc.update(INSERT, transferId, leg.name(), accountNumber, now);
            return true;
        } catch (DuplicateKeyException concurrentClaim) {
            return false;
        }
    }
}
