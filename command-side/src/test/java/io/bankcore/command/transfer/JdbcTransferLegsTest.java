package io.bankcore.command.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import io.bankcore.command.transfer.TransferLegs.Leg;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.DefaultTransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/** The leg claims on H2, with the schema the application migrates to. */
class JdbcTransferLegsTest {

    static final String TRANSFER_ID = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
    static final String FROM = "000111222";
    static final String TO = "000333444";
    static final Instant NOW = Instant.parse("2026-11-24T10:15:30.123456789Z");

    private DriverManagerDataSource dataSource;
    private JdbcTemplate jdbc;
    private JdbcTransferLegs legs;
    private DataSourceTransactionManager transactions;
    private ExecutorService otherThread;

    @BeforeEach
    void createDatabase() {
        // A database per test; LOCK_TIMEOUT leaves room for one transaction to wait for another.
        dataSource = new DriverManagerDataSource(
                "jdbc:h2:mem:legs-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000", "sa", "");
        new ResourceDatabasePopulator(new ClassPathResource("db/migration/common/V3__transfer_legs.sql"))
                .execute(dataSource);
        jdbc = new JdbcTemplate(dataSource);
        legs = new JdbcTransferLegs(jdbc, Clock.fixed(NOW, ZoneOffset.UTC));
        transactions = new DataSourceTransactionManager(dataSource);
        otherThread = Executors.newSingleThreadExecutor();
    }

    @AfterEach
    void dropDatabase() {
        otherThread.shutdownNow();
        jdbc.execute("SHUTDOWN");
    }

    @Test
    void a_leg_is_claimed_the_first_time_only() {
        assertThat(legs.claim(TRANSFER_ID, Leg.DEBIT, FROM)).isTrue();
        assertThat(legs.claim(TRANSFER_ID, Leg.DEBIT, FROM)).isFalse();
        assertThat(legs.claim(TRANSFER_ID, Leg.DEBIT, FROM)).isFalse();
    }

    @Test
    void the_legs_of_one_transfer_are_claimed_independently() {
        assertThat(legs.claim(TRANSFER_ID, Leg.DEBIT, FROM)).isTrue();
        assertThat(legs.claim(TRANSFER_ID, Leg.CREDIT, TO)).isTrue();
        assertThat(legs.claim(TRANSFER_ID, Leg.REFUND, FROM)).isTrue();
        assertThat(legs.claim(TRANSFER_ID, Leg.CREDIT, TO)).isFalse();
    }

    @Test
    void the_same_leg_of_another_transfer_is_claimed_independently() {
        assertThat(legs.claim(TRANSFER_ID, Leg.CREDIT, TO)).isTrue();
        assertThat(legs.claim(UUID.randomUUID().toString(), Leg.CREDIT, TO)).isTrue();
    }

    @Test
    void a_leg_claimed_for_one_account_is_refused_for_another() {
        // The saga fences the credit under the destination's number; the key is the transfer and the leg alone.
        assertThat(legs.claim(TRANSFER_ID, Leg.CREDIT, TO)).isTrue();
        assertThat(legs.claim(TRANSFER_ID, Leg.CREDIT, FROM)).isFalse();
    }

    @Test
    void a_claim_records_the_account_and_the_time_to_the_microsecond() {
        legs.claim(TRANSFER_ID, Leg.CREDIT, TO);

        assertThat(jdbc.queryForObject("SELECT account_number FROM transfer_leg", String.class))
                .isEqualTo(TO);
        assertThat(jdbc.queryForObject("SELECT claimed_at FROM transfer_leg", OffsetDateTime.class)
                        .toInstant())
                .isEqualTo(Instant.parse("2026-11-24T10:15:30.123456Z"));
    }

    @Test
    void a_claim_rolled_back_with_its_transaction_can_be_made_again() {
        new TransactionTemplate(transactions).executeWithoutResult(status -> {
            assertThat(legs.claim(TRANSFER_ID, Leg.DEBIT, FROM)).isTrue();
            status.setRollbackOnly(); // the event append failed
        });

        assertThat(legs.claim(TRANSFER_ID, Leg.DEBIT, FROM)).isTrue();
    }

    @Test
    void a_claim_racing_an_uncommitted_claim_is_refused_once_that_commits() throws Exception {
        TransactionStatus first = transactions.getTransaction(new DefaultTransactionDefinition());
        assertThat(legs.claim(TRANSFER_ID, Leg.CREDIT, TO)).isTrue();

        Future<Boolean> second = otherThread.submit(
                () -> new TransactionTemplate(transactions).execute(status -> legs.claim(TRANSFER_ID, Leg.CREDIT, TO)));
        // Give the second claim time to reach the insert and wait on the first one's row.
        assertThat(waitFor(second, 500)).isFalse();
        transactions.commit(first);

        assertThat(second.get(10, TimeUnit.SECONDS)).isFalse();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM transfer_leg", Integer.class))
                .isEqualTo(1);
    }

    /** True if the future completed within the time; the second claim must not finish before the first commits. */
    private static boolean waitFor(Future<?> future, long millis) {
        try {
            future.get(millis, TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException stillWaiting) {
            return false;
        } catch (Exception failed) {
            return true;
        }
    }

    @Test
    void a_leg_of_a_transfer_created_in_the_same_unit_of_work_is_held_back_where_that_is_offered() {
        var held = new ArrayList<Object[]>();
        var deferring = new JdbcTransferLegs(jdbc, Clock.fixed(NOW, ZoneOffset.UTC), (sql, arguments) -> {
            assertThat(sql).startsWith("INSERT INTO transfer_leg");
            held.add(arguments);
            return true;
        });
        String other = UUID.randomUUID().toString();
        var unitOfWork = DefaultUnitOfWork.startAndGet(null);
        try {
            NewTransfers.created(TRANSFER_ID);
            assertThat(deferring.claim(TRANSFER_ID, Leg.DEBIT, FROM)).isTrue();
            // A transfer created elsewhere may have been claimed: its claim asks the database.
            assertThat(deferring.claim(other, Leg.DEBIT, FROM)).isTrue();
            assertThat(deferring.claim(other, Leg.DEBIT, FROM)).isFalse();
        } finally {
            unitOfWork.rollback();
        }
        assertThat(held).hasSize(1);
        assertThat(held.get(0)).startsWith(TRANSFER_ID, "DEBIT", FROM);
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM transfer_leg WHERE transfer_id = ?", Integer.class, TRANSFER_ID))
                .isZero();
        // Outside a unit of work, or where nothing is held, a claim is the database's.
        assertThat(deferring.claim(TRANSFER_ID, Leg.CREDIT, TO)).isTrue();
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM transfer_leg WHERE transfer_id = ?", Integer.class, TRANSFER_ID))
                .isOne();
    }
}
