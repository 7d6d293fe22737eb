package io.bankcore.query;

import static io.bankcore.query.AccountEvents.BRL;
import static io.bankcore.query.AccountEvents.accountId;
import static io.bankcore.query.AccountEvents.deposited;
import static io.bankcore.query.AccountEvents.eventId;
import static io.bankcore.query.AccountEvents.opened;
import static io.bankcore.query.AccountEvents.storedOccurredAt;
import static io.bankcore.query.AccountEvents.withdrawn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The projection driven through Axon's annotation machinery, so the sequence number, timestamp and
 * message parameters are resolved as in production, against the module's real schema. Rows are read back
 * with plain SQL, independently of {@link AccountReadModel}. Subclasses choose the database engine.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AccountProjectionTest {

    static final String ACCOUNT = "000123456";
    static final String OTHER_ACCOUNT = "000654321";

    private ReadModelDatabase database;
    private JdbcTemplate jdbc;
    private ProjectionProgress progress;
    private AnnotationEventHandlerAdapter projection;
    private ExecutorService waiters;

    abstract ReadModelDatabase openDatabase();

    @BeforeAll
    void createDatabase() {
        database = openDatabase();
        jdbc = database.jdbc();
    }

    @AfterAll
    void dropDatabase() {
        if (database != null) {
            database.close();
        }
    }

    @BeforeEach
    void createProjection() {
        database.clear();
        progress = new ProjectionProgress();
        projection = new AnnotationEventHandlerAdapter(new AccountProjection(jdbc, progress, new LiveTablesGate()));
        waiters = Executors.newCachedThreadPool();
    }

    @AfterEach
    void stopWaiters() {
        waiters.shutdownNow();
        // A unit of work left open by a failed test would leak into the next one on this thread.
        while (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().rollback();
        }
    }

    @Test
    void opening_with_zero_initial_balance_creates_the_balance_row_and_no_ledger_entry() throws Exception {
        apply(opened(ACCOUNT, 0));

        assertThat(balanceRow(ACCOUNT))
                .contains(new BalanceRow(
                        ACCOUNT,
                        UUID.fromString(accountId(ACCOUNT)),
                        BRL,
                        0,
                        0,
                        storedOccurredAt(0),
                        storedOccurredAt(0)));
        assertThat(ledger(ACCOUNT)).isEmpty();
    }

    @Test
    void opening_with_an_initial_balance_records_it_as_a_deposit_entry() throws Exception {
        apply(opened(ACCOUNT, 15_000));

        assertThat(balanceRow(ACCOUNT)).hasValueSatisfying(row -> {
            assertThat(row.balanceMinor()).isEqualTo(15_000);
            assertThat(row.lastSequence()).isZero();
        });
        assertThat(ledger(ACCOUNT))
                .containsExactly(new LedgerRow(
                        eventId(ACCOUNT, 0), ACCOUNT, 0, "DEPOSIT", 15_000, BRL, null, null, storedOccurredAt(0)));
    }

    @Test
    void an_overdraft_limit_is_kept_from_the_opening_and_its_changes_and_the_balance_may_go_below_zero()
            throws Exception {
        apply(
                AccountEvents.message(
                        ACCOUNT, 0, new io.bankcore.api.AccountOpenedEvent(ACCOUNT, accountId(ACCOUNT), BRL, 0, 1_000)),
                withdrawn(ACCOUNT, 1, 700, -700));
        assertThat(limitRow(ACCOUNT)).containsExactly(-700L, 1_000L, 1L);

        var lowered = AccountEvents.message(
                ACCOUNT, 2, new io.bankcore.api.AccountOverdraftLimitChangedEvent(ACCOUNT, 200, 1_000, BRL));
        apply(lowered, lowered);
        assertThat(limitRow(ACCOUNT)).containsExactly(-700L, 200L, 2L);
        assertThat(ledger(ACCOUNT)).extracting(LedgerRow::entryType).containsExactly("WITHDRAWAL");
    }

    private List<Long> limitRow(String accountNumber) {
        return jdbc.queryForObject(
                "SELECT balance_minor, overdraft_limit_minor, last_sequence FROM account_balance"
                        + " WHERE account_number = ?",
                (rs, row) -> List.of(rs.getLong(1), rs.getLong(2), rs.getLong(3)),
                accountNumber);
    }

    @Test
    void a_deposit_sets_the_balance_from_the_event_and_records_a_deposit_entry() throws Exception {
        apply(opened(ACCOUNT, 1_000), deposited(ACCOUNT, 1, 250, 1_250));

        assertThat(balanceRow(ACCOUNT))
                .contains(new BalanceRow(
                        ACCOUNT,
                        UUID.fromString(accountId(ACCOUNT)),
                        BRL,
                        1_250,
                        1,
                        storedOccurredAt(0),
                        storedOccurredAt(1)));
        assertThat(ledger(ACCOUNT))
                .containsExactly(
                        new LedgerRow(
                                eventId(ACCOUNT, 0),
                                ACCOUNT,
                                0,
                                "DEPOSIT",
                                1_000,
                                BRL,
                                null,
                                null,
                                storedOccurredAt(0)),
                        new LedgerRow(
                                eventId(ACCOUNT, 1), ACCOUNT, 1, "DEPOSIT", 250, BRL, null, null, storedOccurredAt(1)));
    }

    @Test
    void a_withdrawal_sets_the_balance_from_the_event_and_records_a_withdrawal_entry() throws Exception {
        apply(opened(ACCOUNT, 0), deposited(ACCOUNT, 1, 500, 500), withdrawn(ACCOUNT, 2, 120, 380));

        assertThat(balanceRow(ACCOUNT)).hasValueSatisfying(row -> {
            assertThat(row.balanceMinor()).isEqualTo(380);
            assertThat(row.lastSequence()).isEqualTo(2);
            assertThat(row.openedAt()).isEqualTo(storedOccurredAt(0));
            assertThat(row.updatedAt()).isEqualTo(storedOccurredAt(2));
        });
        assertThat(ledger(ACCOUNT))
                .containsExactly(
                        new LedgerRow(
                                eventId(ACCOUNT, 1), ACCOUNT, 1, "DEPOSIT", 500, BRL, null, null, storedOccurredAt(1)),
                        new LedgerRow(
                                eventId(ACCOUNT, 2),
                                ACCOUNT,
                                2,
                                "WITHDRAWAL",
                                120,
                                BRL,
                                null,
                                null,
                                storedOccurredAt(2)));
    }

    @Test
    void a_withdrawal_of_the_whole_balance_leaves_a_zero_balance() throws Exception {
        apply(opened(ACCOUNT, 700), withdrawn(ACCOUNT, 1, 700, 0));

        assertThat(balanceRow(ACCOUNT))
                .hasValueSatisfying(row -> assertThat(row.balanceMinor()).isZero());
        assertThat(ledger(ACCOUNT)).extracting(LedgerRow::entryType).containsExactly("DEPOSIT", "WITHDRAWAL");
    }

    @Test
    void the_balance_is_copied_from_the_event_and_not_recomputed_from_the_amount() throws Exception {
        // The aggregate is the single authority on balances; the projection must not do its own arithmetic.
        apply(opened(ACCOUNT, 100), deposited(ACCOUNT, 1, 50, 9_999), withdrawn(ACCOUNT, 2, 10, 4_321));

        assertThat(balanceRow(ACCOUNT))
                .hasValueSatisfying(row -> assertThat(row.balanceMinor()).isEqualTo(4_321));
    }

    @Test
    void the_largest_representable_amounts_are_stored_exactly() throws Exception {
        apply(opened(ACCOUNT, Long.MAX_VALUE - 1), deposited(ACCOUNT, 1, 1, Long.MAX_VALUE));

        assertThat(balanceRow(ACCOUNT))
                .hasValueSatisfying(row -> assertThat(row.balanceMinor()).isEqualTo(Long.MAX_VALUE));
        assertThat(ledger(ACCOUNT)).extracting(LedgerRow::amountMinor).containsExactly(Long.MAX_VALUE - 1, 1L);
    }

    @Test
    void a_deposit_for_an_account_without_a_balance_row_fails_and_records_nothing() {
        assertThatThrownBy(() -> apply(deposited(ACCOUNT, 1, 100, 100)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(ACCOUNT);

        assertThat(balanceRow(ACCOUNT)).isEmpty();
        assertThat(ledger(ACCOUNT)).isEmpty();
    }

    @Test
    void a_withdrawal_for_an_account_without_a_balance_row_fails_and_records_nothing() {
        assertThatThrownBy(() -> apply(withdrawn(ACCOUNT, 1, 100, 0)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(ACCOUNT);

        assertThat(balanceRow(ACCOUNT)).isEmpty();
        assertThat(ledger(ACCOUNT)).isEmpty();
    }

    @Test
    void events_of_one_account_leave_other_accounts_untouched() throws Exception {
        apply(opened(ACCOUNT, 1_000), opened(OTHER_ACCOUNT, 2_000), withdrawn(ACCOUNT, 1, 400, 600));

        assertThat(balanceRow(OTHER_ACCOUNT)).hasValueSatisfying(row -> {
            assertThat(row.balanceMinor()).isEqualTo(2_000);
            assertThat(row.lastSequence()).isZero();
            assertThat(row.accountId()).isEqualTo(UUID.fromString(accountId(OTHER_ACCOUNT)));
        });
        assertThat(ledger(OTHER_ACCOUNT)).extracting(LedgerRow::sequence).containsExactly(0L);
        assertThat(ledger(ACCOUNT)).extracting(LedgerRow::sequence).containsExactly(0L, 1L);
    }

    @Test
    void a_redelivered_deposit_never_duplicates_its_ledger_entry() throws Exception {
        apply(opened(ACCOUNT, 100), deposited(ACCOUNT, 1, 50, 150));

        // Whether the repeat is refused or ignored, the ledger must still hold the deposit exactly once.
        catchThrowable(() -> apply(deposited(ACCOUNT, 1, 50, 150)));

        assertThat(ledger(ACCOUNT)).extracting(LedgerRow::sequence).containsExactly(0L, 1L);
        assertThat(balanceRow(ACCOUNT))
                .hasValueSatisfying(row -> assertThat(row.balanceMinor()).isEqualTo(150));
    }

    @Test
    void the_reset_handler_empties_both_tables() throws Exception {
        apply(opened(ACCOUNT, 100), deposited(ACCOUNT, 1, 50, 150), opened(OTHER_ACCOUNT, 0));
        assertThat(count("account_balance")).isEqualTo(2);
        assertThat(count("ledger_entry")).isEqualTo(2);

        assertThat(projection.supportsReset()).isTrue();
        projection.prepareReset();

        assertThat(count("account_balance")).isZero();
        assertThat(count("ledger_entry")).isZero();
    }

    @Test
    void replaying_after_a_reset_rebuilds_the_same_rows() throws Exception {
        List<EventMessage<?>> history =
                List.of(opened(ACCOUNT, 100), deposited(ACCOUNT, 1, 50, 150), withdrawn(ACCOUNT, 2, 30, 120));
        apply(history);
        var balanceBefore = balanceRow(ACCOUNT);
        var ledgerBefore = ledger(ACCOUNT);

        projection.prepareReset();
        apply(history);

        assertThat(balanceRow(ACCOUNT)).isEqualTo(balanceBefore);
        assertThat(ledger(ACCOUNT)).isEqualTo(ledgerBefore);
    }

    @Test
    void waiters_are_released_when_the_unit_of_work_commits() throws Exception {
        apply(opened(ACCOUNT, 0));
        var registered = new CountDownLatch(1);
        Future<Boolean> waiter = waitOnlyForNotification(ACCOUNT, 1, Duration.ofSeconds(30), registered);
        assertThat(registered.await(10, TimeUnit.SECONDS)).isTrue();

        var deposit = deposited(ACCOUNT, 1, 100, 100);
        var unitOfWork = DefaultUnitOfWork.startAndGet(deposit);
        projection.handle(deposit);
        unitOfWork.commit();

        assertThat(waiter.get(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void waiters_are_not_released_when_the_unit_of_work_rolls_back() throws Exception {
        apply(opened(ACCOUNT, 0));
        var registered = new CountDownLatch(1);
        Future<Boolean> waiter = waitOnlyForNotification(ACCOUNT, 1, Duration.ofMillis(300), registered);
        assertThat(registered.await(10, TimeUnit.SECONDS)).isTrue();

        var deposit = deposited(ACCOUNT, 1, 100, 100);
        var unitOfWork = DefaultUnitOfWork.startAndGet(deposit);
        projection.handle(deposit);
        unitOfWork.rollback();

        assertThat(waiter.get(10, TimeUnit.SECONDS)).isFalse();
    }

    @Test
    void an_event_applied_again_changes_nothing() throws Exception {
        var opening = opened(ACCOUNT, 1_000);
        var deposit = deposited(ACCOUNT, 1, 250, 1_250);
        var withdrawal = withdrawn(ACCOUNT, 2, 50, 1_200);
        apply(opening, deposit, withdrawal);
        var balance = balanceRow(ACCOUNT);
        var ledger = ledger(ACCOUNT);

        // A replay's tables and the live processor may both hold an event: re-applying any of them,
        // in any order behind the row's sequence, is a no-op.
        apply(deposit, opening, withdrawal, deposit);

        assertThat(balanceRow(ACCOUNT)).isEqualTo(balance);
        assertThat(ledger(ACCOUNT)).isEqualTo(ledger).hasSize(3);
    }

    @Test
    void a_money_event_for_an_account_without_a_row_is_refused() {
        assertThatThrownBy(() -> apply(deposited(ACCOUNT, 1, 250, 1_250)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(ACCOUNT);
        assertThat(ledger(ACCOUNT)).isEmpty();
    }

    @Test
    void handling_outside_a_unit_of_work_notifies_no_waiter() throws Exception {
        apply(opened(ACCOUNT, 0));
        var registered = new CountDownLatch(1);
        Future<Boolean> waiter = waitOnlyForNotification(ACCOUNT, 1, Duration.ofMillis(300), registered);
        assertThat(registered.await(10, TimeUnit.SECONDS)).isTrue();

        apply(deposited(ACCOUNT, 1, 100, 100));

        assertThat(waiter.get(10, TimeUnit.SECONDS)).isFalse();
    }

    private void apply(EventMessage<?>... events) throws Exception {
        apply(List.of(events));
    }

    private void apply(List<EventMessage<?>> events) throws Exception {
        for (EventMessage<?> event : events) {
            projection.handle(event);
        }
    }

    /**
     * Waits in the background with a committed position that never advances, so only the projection's
     * notification can release the waiter. {@code registered} opens once the waiter is in place.
     */
    private Future<Boolean> waitOnlyForNotification(
            String accountNumber, long sequence, Duration timeout, CountDownLatch registered) {
        var first = new AtomicBoolean(true);
        LongSupplier neverCommitted = () -> {
            if (first.getAndSet(false)) {
                registered.countDown();
            }
            return -1;
        };
        return waiters.submit(() -> progress.await(accountNumber, sequence, timeout, neverCommitted));
    }

    private Optional<BalanceRow> balanceRow(String accountNumber) {
        return jdbc
                .query(
                        "SELECT account_number, account_id, currency, balance_minor, last_sequence, opened_at,"
                                + " updated_at FROM account_balance WHERE account_number = ?",
                        (rs, row) -> new BalanceRow(
                                rs.getString("account_number"),
                                rs.getObject("account_id", UUID.class),
                                rs.getString("currency"),
                                rs.getLong("balance_minor"),
                                rs.getLong("last_sequence"),
                                instant(rs, "opened_at"),
                                instant(rs, "updated_at")),
                        accountNumber)
                .stream()
                .findFirst();
    }

    private List<LedgerRow> ledger(String accountNumber) {
        return jdbc.query(
                "SELECT entry_id, account_number, sequence, entry_type, amount_minor, currency, correlation_id,"
                        + " counterparty_account_number, occurred_at FROM ledger_entry WHERE account_number = ?"
                        + " ORDER BY sequence",
                (rs, row) -> new LedgerRow(
                        rs.getObject("entry_id", UUID.class),
                        rs.getString("account_number"),
                        rs.getLong("sequence"),
                        rs.getString("entry_type"),
                        rs.getLong("amount_minor"),
                        rs.getString("currency"),
                        rs.getString("correlation_id"),
                        rs.getString("counterparty_account_number"),
                        instant(rs, "occurred_at")),
                accountNumber);
    }

    private long count(String table) {
        Long rows = jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Long.class);
        return rows == null ? -1 : rows;
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    record BalanceRow(
            String accountNumber,
            UUID accountId,
            String currency,
            long balanceMinor,
            long lastSequence,
            Instant openedAt,
            Instant updatedAt) {}

    record LedgerRow(
            UUID entryId,
            String accountNumber,
            long sequence,
            String entryType,
            long amountMinor,
            String currency,
            String correlationId,
            String counterpartyAccountNumber,
            Instant occurredAt) {}
}
