package io.bankcore.query;

import static io.bankcore.query.AccountEvents.deposited;
import static io.bankcore.query.AccountEvents.message;
import static io.bankcore.query.AccountEvents.opened;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bankcore.api.AccountFrozenEvent;
import io.bankcore.query.tables.HeldWrites;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.EventMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The live projection's writes held back in a batch of several requests: nothing reaches the tables
 * before the flush (or a read on the batch's thread), a row's writes keep their order, and a held
 * write that must move a balance and moved none fails the batch. Subclasses choose the database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class HeldWritesTest {

    private static final String ACCOUNT = "000123456";

    private ReadModelDatabase database;
    private JdbcTemplate jdbc;
    private HeldWrites held;
    private AnnotationEventHandlerAdapter projection;
    private AccountReadModel readModel;

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
        held = new HeldWrites(jdbc);
        var progress = new ProjectionProgress();
        projection =
                new AnnotationEventHandlerAdapter(new AccountProjection(jdbc, progress, new LiveTablesGate(), held));
        readModel = new AccountReadModel(held.reading(jdbc), progress, ProjectionMode.fixed(false));
    }

    @AfterEach
    void endBatch() {
        held.end();
    }

    @Test
    void a_batch_of_several_requests_sends_its_writes_at_the_flush_and_a_row_keeps_its_order() throws Exception {
        held.begin(3);
        handle(opened(ACCOUNT, 100));
        handle(deposited(ACCOUNT, 1, 50, 150));
        assertThat(rows("account_balance")).isZero();
        assertThat(rows("ledger_entry")).isZero();

        // A freeze, then a deposit of the same account: the deposit's kind of write was first seen
        // before the freeze's, so what is held goes first, and the account's writes keep their order.
        handle(message(ACCOUNT, 2, new AccountFrozenEvent(ACCOUNT, "DEBITS", "review")));
        handle(deposited(ACCOUNT, 3, 25, 175));
        assertThat(rows("account_balance")).isOne();
        assertThat(rows("ledger_entry")).isEqualTo(2);

        held.flush();
        var balance = jdbc.queryForMap(
                "SELECT balance_minor, last_sequence, status FROM account_balance WHERE account_number = ?", ACCOUNT);
        assertThat(((Number) balance.get("balance_minor")).longValue()).isEqualTo(175);
        assertThat(((Number) balance.get("last_sequence")).longValue()).isEqualTo(3);
        assertThat(balance.get("status")).isEqualTo("FROZEN");
        assertThat(rows("ledger_entry")).isEqualTo(3);
    }

    @Test
    void a_read_on_the_batch_thread_sees_what_the_batch_wrote_before_it() {
        held.begin(2);
        handle(opened(ACCOUNT, 100));
        handle(deposited(ACCOUNT, 1, 50, 150));

        assertThat(readModel.balance(ACCOUNT))
                .hasValueSatisfying(b -> assertThat(b.balanceMinor()).isEqualTo(150));
        assertThat(readModel.transactions(ACCOUNT, 10, null).entries()).hasSize(2);
    }

    @Test
    void a_held_balance_move_that_moves_no_row_fails_the_batch_and_alone_it_is_met_as_always() {
        held.begin(2);
        handle(deposited(ACCOUNT, 1, 50, 150)); // no account row: held, as if it were there

        assertThatThrownBy(held::flush).isInstanceOf(DataAccessException.class);
        assertThatThrownBy(held::flush).as("the batch stays failed").isInstanceOf(DataAccessException.class);
        held.end();
        assertThat(rows("ledger_entry")).isZero();

        held.begin(1);
        assertThatThrownBy(() -> handle(deposited(ACCOUNT, 1, 50, 150)))
                .hasStackTraceContaining("no balance row for account " + ACCOUNT);
    }

    @Test
    void a_request_alone_and_other_threads_hold_nothing_back() throws Exception {
        held.begin(1);
        handle(opened(ACCOUNT, 100));
        assertThat(rows("account_balance")).isOne();
        held.end();

        held.begin(5);
        var other = Executors.newSingleThreadExecutor();
        try {
            other.submit(() -> handle(deposited(ACCOUNT, 1, 50, 150))).get(10, TimeUnit.SECONDS);
        } finally {
            other.shutdownNow();
        }
        assertThat(rows("ledger_entry")).isEqualTo(2);
    }

    private Object handle(EventMessage<?> event) {
        try {
            return projection.handle(event);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private int rows(String table) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Integer.class);
    }
}
