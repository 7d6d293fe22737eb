package io.bankcore.query;

import static io.bankcore.query.AccountEvents.BRL;
import static io.bankcore.query.AccountEvents.accountId;
import static io.bankcore.query.AccountEvents.deposited;
import static io.bankcore.query.AccountEvents.eventId;
import static io.bankcore.query.AccountEvents.opened;
import static io.bankcore.query.AccountEvents.storedOccurredAt;
import static io.bankcore.query.AccountEvents.withdrawn;
import static org.assertj.core.api.Assertions.assertThat;

import io.bankcore.api.BalanceView;
import io.bankcore.api.LedgerEntryView;
import io.bankcore.api.LedgerPage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.EventMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The read model over rows written by the real projection. Subclasses choose the database engine.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AccountReadModelTest {

    static final String ACCOUNT = "000123456";
    static final String OTHER_ACCOUNT = "000654321";
    static final String UNKNOWN_ACCOUNT = "999999999";

    private ReadModelDatabase database;
    private JdbcTemplate jdbc;
    private AnnotationEventHandlerAdapter projection;
    private AccountReadModel readModel;
    private ExecutorService otherNode;

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
    void createReadModel() {
        database.clear();
        var progress = new ProjectionProgress();
        projection = new AnnotationEventHandlerAdapter(new AccountProjection(jdbc, progress, new LiveTablesGate()));
        readModel = new AccountReadModel(jdbc, progress, ProjectionMode.fixed(false));
        otherNode = Executors.newSingleThreadExecutor();
    }

    @AfterEach
    void stopOtherNode() {
        otherNode.shutdownNow();
    }

    @Test
    void the_balance_of_a_known_account_is_the_last_projected_one() throws Exception {
        apply(opened(ACCOUNT, 1_000), deposited(ACCOUNT, 1, 500, 1_500), withdrawn(ACCOUNT, 2, 200, 1_300));

        assertThat(readModel.balance(ACCOUNT)).contains(new BalanceView(ACCOUNT, accountId(ACCOUNT), 1_300, BRL, 2));
    }

    @Test
    void an_unknown_account_has_no_balance() throws Exception {
        apply(opened(ACCOUNT, 1_000));

        assertThat(readModel.balance(UNKNOWN_ACCOUNT)).isEmpty();
    }

    @Test
    void transactions_are_listed_newest_first_with_all_their_fields() throws Exception {
        apply(opened(ACCOUNT, 1_000), deposited(ACCOUNT, 1, 500, 1_500), withdrawn(ACCOUNT, 2, 200, 1_300));

        LedgerPage page = readModel.transactions(ACCOUNT, 100, null);

        assertThat(page.accountExists()).isTrue();
        assertThat(page.nextBeforeSequence()).isNull();
        assertThat(page.entries())
                .containsExactly(entry(2, "WITHDRAWAL", 200), entry(1, "DEPOSIT", 500), entry(0, "DEPOSIT", 1_000));
    }

    @Test
    void an_account_opened_without_money_has_an_empty_ledger() throws Exception {
        apply(opened(ACCOUNT, 0));

        assertThat(readModel.transactions(ACCOUNT, 100, null)).isEqualTo(new LedgerPage(true, List.of(), null));
    }

    @Test
    void an_unknown_account_has_no_ledger_and_says_so() throws Exception {
        apply(opened(ACCOUNT, 1_000));

        assertThat(readModel.transactions(UNKNOWN_ACCOUNT, 100, null))
                .isEqualTo(new LedgerPage(false, List.of(), null));
    }

    @Test
    void the_ledger_shows_only_the_accounts_own_entries() throws Exception {
        apply(opened(ACCOUNT, 1_000), opened(OTHER_ACCOUNT, 2_000), deposited(OTHER_ACCOUNT, 1, 5, 2_005));

        assertThat(readModel.transactions(ACCOUNT, 100, null).entries()).containsExactly(entry(0, "DEPOSIT", 1_000));
    }

    @Test
    void a_page_holds_at_most_limit_entries_and_points_at_the_next_older_one() throws Exception {
        applyDeposits(ACCOUNT, 10);

        LedgerPage first = readModel.transactions(ACCOUNT, 3, null);

        assertThat(first.entries()).extracting(LedgerEntryView::sequence).containsExactly(9L, 8L, 7L);
        assertThat(first.nextBeforeSequence()).isEqualTo(7L);
        assertThat(readModel
                        .transactions(ACCOUNT, 3, first.nextBeforeSequence())
                        .entries())
                .extracting(LedgerEntryView::sequence)
                .containsExactly(6L, 5L, 4L);
    }

    @Test
    void a_last_page_of_exactly_limit_entries_has_no_cursor() throws Exception {
        applyDeposits(ACCOUNT, 6);

        LedgerPage first = readModel.transactions(ACCOUNT, 3, null);
        LedgerPage second = readModel.transactions(ACCOUNT, 3, first.nextBeforeSequence());

        assertThat(second.entries()).extracting(LedgerEntryView::sequence).containsExactly(2L, 1L, 0L);
        assertThat(second.nextBeforeSequence()).isNull();
    }

    @Test
    void a_ledger_of_exactly_limit_entries_fits_one_page_without_cursor() throws Exception {
        applyDeposits(ACCOUNT, 4);

        LedgerPage only = readModel.transactions(ACCOUNT, 4, null);

        assertThat(only.entries()).hasSize(4);
        assertThat(only.nextBeforeSequence()).isNull();
    }

    @ParameterizedTest(name = "{0} entries, limit {1}")
    @CsvSource({"10, 3", "9, 3", "1, 1", "3, 1", "5, 10", "7, 7", "0, 5", "25, 4"})
    void walking_the_pages_visits_every_entry_once_newest_first(int entries, int limit) throws Exception {
        applyDeposits(ACCOUNT, entries);

        List<LedgerPage> pages = walk(ACCOUNT, limit);

        List<Long> visited = pages.stream()
                .flatMap(page -> page.entries().stream())
                .map(LedgerEntryView::sequence)
                .toList();
        assertThat(visited)
                .containsExactlyElementsOf(LongStream.iterate(entries - 1, s -> s >= 0, s -> s - 1)
                        .boxed()
                        .toList());
        assertThat(pages).hasSize(Math.max(1, (entries + limit - 1) / limit));
        assertThat(pages.subList(0, pages.size() - 1))
                .allSatisfy(page -> assertThat(page.entries()).hasSize(limit));
        assertThat(pages.get(pages.size() - 1).nextBeforeSequence()).isNull();
    }

    @Test
    void paging_skips_no_entry_when_sequences_have_gaps() throws Exception {
        // Opening without money and events that write no ledger line leave holes in the sequence.
        apply(
                opened(ACCOUNT, 0),
                deposited(ACCOUNT, 1, 10, 10),
                deposited(ACCOUNT, 3, 10, 20),
                withdrawn(ACCOUNT, 4, 5, 15),
                deposited(ACCOUNT, 7, 10, 25));

        List<LedgerPage> pages = walk(ACCOUNT, 2);

        assertThat(pages)
                .extracting(page ->
                        page.entries().stream().map(LedgerEntryView::sequence).toList())
                .containsExactly(List.of(7L, 4L), List.of(3L, 1L));
        assertThat(pages).extracting(LedgerPage::nextBeforeSequence).containsExactly(4L, null);
    }

    @Test
    void the_committed_sequence_of_an_unknown_account_is_minus_one() throws Exception {
        apply(opened(ACCOUNT, 0));

        assertThat(readModel.committedSequence(UNKNOWN_ACCOUNT)).isEqualTo(-1);
    }

    @Test
    void the_committed_sequence_is_the_last_projected_one() throws Exception {
        apply(opened(ACCOUNT, 0));
        assertThat(readModel.committedSequence(ACCOUNT)).isZero();

        apply(deposited(ACCOUNT, 1, 10, 10), withdrawn(ACCOUNT, 2, 5, 5));
        assertThat(readModel.committedSequence(ACCOUNT)).isEqualTo(2);
    }

    @Test
    void awaiting_a_sequence_already_reached_answers_without_waiting() throws Exception {
        apply(opened(ACCOUNT, 0), deposited(ACCOUNT, 1, 10, 10));

        // A zero timeout leaves no time to wait: only the first look at the table can answer true.
        assertThat(readModel.awaitSequence(ACCOUNT, 1, Duration.ZERO)).isTrue();
        assertThat(readModel.awaitSequence(ACCOUNT, 0, Duration.ZERO)).isTrue();
    }

    @Test
    void awaiting_a_sequence_not_reached_gives_up_after_the_timeout() throws Exception {
        apply(opened(ACCOUNT, 0));

        long started = System.nanoTime();
        boolean reached = readModel.awaitSequence(ACCOUNT, 1, Duration.ofMillis(50));
        Duration waited = Duration.ofNanos(System.nanoTime() - started);

        assertThat(reached).isFalse();
        assertThat(waited).isGreaterThanOrEqualTo(Duration.ofMillis(50));
    }

    @Test
    void awaiting_an_unknown_account_gives_up_after_the_timeout() {
        assertThat(readModel.awaitSequence(UNKNOWN_ACCOUNT, 0, Duration.ofMillis(50)))
                .isFalse();
    }

    @Test
    void awaiting_sees_a_row_written_by_a_projection_on_another_node() throws Exception {
        apply(opened(ACCOUNT, 0));
        // Another node's projection shares the database but not this JVM, so it never notifies local waiters.
        var otherProjection = new AnnotationEventHandlerAdapter(
                new AccountProjection(jdbc, new ProjectionProgress(), new LiveTablesGate()));
        var writing = new AtomicBoolean(false);
        Future<Object> written = otherNode.submit(() -> {
            Thread.sleep(100);
            writing.set(true);
            return otherProjection.handle(deposited(ACCOUNT, 1, 10, 10));
        });

        long started = System.nanoTime();
        boolean reached = readModel.awaitSequence(ACCOUNT, 1, Duration.ofSeconds(20));
        Duration waited = Duration.ofNanos(System.nanoTime() - started);

        assertThat(reached).isTrue();
        assertThat(writing).as("returned before the other node wrote").isTrue();
        assertThat(waited).isLessThan(Duration.ofSeconds(10));
        written.get(10, TimeUnit.SECONDS);
    }

    @Test
    void an_interrupted_wait_answers_false_and_keeps_the_interrupt() throws Exception {
        apply(opened(ACCOUNT, 0));

        Thread.currentThread().interrupt();
        boolean reached;
        try {
            reached = readModel.awaitSequence(ACCOUNT, 1, Duration.ofSeconds(20));
        } finally {
            assertThat(Thread.interrupted()).as("interrupt flag kept").isTrue();
        }

        assertThat(reached).isFalse();
    }

    private void apply(EventMessage<?>... events) throws Exception {
        for (EventMessage<?> event : events) {
            projection.handle(event);
        }
    }

    /** Opens the account with a first deposit and adds deposits until it has {@code entries} ledger lines. */
    private void applyDeposits(String accountNumber, int entries) throws Exception {
        if (entries == 0) {
            apply(opened(accountNumber, 0));
            return;
        }
        apply(opened(accountNumber, 1));
        for (int sequence = 1; sequence < entries; sequence++) {
            apply(deposited(accountNumber, sequence, 1, sequence + 1));
        }
    }

    private List<LedgerPage> walk(String accountNumber, int limit) {
        var pages = new ArrayList<LedgerPage>();
        Long cursor = null;
        do {
            LedgerPage page = readModel.transactions(accountNumber, limit, cursor);
            pages.add(page);
            cursor = page.nextBeforeSequence();
            // Guards against a cursor that never ends, which would otherwise hang the build.
            assertThat(pages).as("pages walked").hasSizeLessThanOrEqualTo(1_000);
        } while (cursor != null);
        return pages;
    }

    private static LedgerEntryView entry(long sequence, String entryType, long amountMinor) {
        return new LedgerEntryView(
                eventId(ACCOUNT, sequence).toString(),
                entryType,
                amountMinor,
                BRL,
                null,
                storedOccurredAt(sequence),
                null,
                sequence);
    }
}
