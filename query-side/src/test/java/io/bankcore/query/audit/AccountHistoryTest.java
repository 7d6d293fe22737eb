package io.bankcore.query.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bankcore.api.AccountOpenedEvent;
import io.bankcore.api.MoneyDepositedEvent;
import io.bankcore.api.MoneyWithdrawnEvent;
import io.bankcore.api.TransferCreditRejectedEvent;
import io.bankcore.api.TransferCreditedEvent;
import io.bankcore.api.TransferDebitRejectedEvent;
import io.bankcore.api.TransferDebitedEvent;
import io.bankcore.api.TransferRefundedEvent;
import io.bankcore.query.audit.AccountHistory.Entry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The audit trail and the balance at an instant, read from an in-memory Axon event store. */
class AccountHistoryTest {

    private static final String TYPE = "AccountAggregate";
    private static final String ACCOUNT = "000001";
    private static final String OTHER = "000002";
    private static final Instant T0 = Instant.parse("2026-01-12T21:13:49.684949Z");

    private InMemoryEventStorageEngine storageEngine;
    private EmbeddedEventStore eventStore;
    private AccountHistory history;

    @BeforeEach
    void store() {
        storageEngine = new InMemoryEventStorageEngine();
        eventStore = EmbeddedEventStore.builder().storageEngine(storageEngine).build();
        history = new AccountHistory(eventStore);
    }

    @AfterEach
    void close() {
        eventStore.shutDown();
    }

    /** An event of {@code account} at sequence {@code seq}, appended {@code seq} seconds after T0. */
    private static DomainEventMessage<?> event(String account, long seq, Object payload) {
        return event(account, seq, payload, Map.of());
    }

    private static DomainEventMessage<?> event(String account, long seq, Object payload, Map<String, ?> metadata) {
        return new GenericDomainEventMessage<>(
                TYPE, account, seq, payload, metadata, UUID.randomUUID().toString(), at(seq));
    }

    private static Instant at(long seq) {
        return T0.plusSeconds(seq);
    }

    private void append(DomainEventMessage<?>... events) {
        storageEngine.appendEvents(events);
    }

    /** Opened with 100, then 5 deposits of 10: balances 100, 110, 120, 130, 140, 150. */
    private void openWithDeposits(String account) {
        var events = new ArrayList<DomainEventMessage<?>>();
        events.add(event(
                account, 0, new AccountOpenedEvent(account, UUID.randomUUID().toString(), "BRL", 100)));
        for (int i = 1; i <= 5; i++) {
            events.add(event(account, i, new MoneyDepositedEvent(account, 10, "BRL", 100 + 10L * i)));
        }
        storageEngine.appendEvents(events);
    }

    private static List<Long> sequences(List<Entry> entries) {
        return entries.stream().map(Entry::sequenceNumber).toList();
    }

    // ---- the trail -----------------------------------------------------------------------------

    @Test
    void trail_has_every_event_oldest_first_with_type_timestamp_payload_and_metadata() {
        var opened = new AccountOpenedEvent(ACCOUNT, "acc-id", "BRL", 100);
        var withdrawn = new MoneyWithdrawnEvent(ACCOUNT, 30, "BRL", 70);
        append(
                event(ACCOUNT, 0, opened, Map.of("traceId", "t-1", "correlationId", "c-1")),
                event(ACCOUNT, 1, withdrawn));

        var page = history.page(ACCOUNT, 0, 100);

        assertThat(page.accountExists()).isTrue();
        assertThat(page.nextSequence()).isNull();
        assertThat(page.entries()).hasSize(2);
        Entry first = page.entries().get(0);
        assertThat(first.sequenceNumber()).isZero();
        assertThat(first.eventType()).isEqualTo("AccountOpenedEvent");
        assertThat(first.occurredAt()).isEqualTo(at(0));
        assertThat(first.payload()).isEqualTo(opened);
        assertThat(first.correlationId()).isNull();
        assertThat(first.metadata()).containsEntry("traceId", "t-1").containsEntry("correlationId", "c-1");
        Entry second = page.entries().get(1);
        assertThat(second.sequenceNumber()).isEqualTo(1);
        assertThat(second.eventType()).isEqualTo("MoneyWithdrawnEvent");
        assertThat(second.payload()).isEqualTo(withdrawn);
        assertThat(second.metadata()).isEmpty();
    }

    @Test
    void trail_starts_at_sequence_zero_even_after_a_snapshot() {
        openWithDeposits(ACCOUNT);
        storageEngine.storeSnapshot(new GenericDomainEventMessage<>(TYPE, ACCOUNT, 4, "snapshot-state"));

        // The snapshot is really there: the plain readEvents(id) starts at it.
        var fromSnapshot = eventStore.readEvents(ACCOUNT);
        assertThat(fromSnapshot.next().getSequenceNumber()).isEqualTo(4);
        assertThat(fromSnapshot.asStream().count())
                .as("events after the snapshot")
                .isEqualTo(1);

        var page = history.page(ACCOUNT, 0, 100);
        assertThat(sequences(page.entries())).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
        assertThat(page.entries()).extracting(Entry::eventType).doesNotContain("String");
        assertThat(page.entries().get(0).eventType()).isEqualTo("AccountOpenedEvent");
        assertThat(history.balanceAsOf(ACCOUNT, at(2)))
                .get()
                .extracting(b -> b.balanceMinor())
                .isEqualTo(120L);
    }

    @Test
    void pages_follow_each_other_without_gaps_or_overlaps() {
        openWithDeposits(ACCOUNT);
        append(event(OTHER, 0, new AccountOpenedEvent(OTHER, "other", "BRL", 0)));

        var first = history.page(ACCOUNT, 0, 4);
        assertThat(sequences(first.entries())).containsExactly(0L, 1L, 2L, 3L);
        assertThat(first.nextSequence()).isEqualTo(4L);

        var second = history.page(ACCOUNT, first.nextSequence(), 4);
        assertThat(sequences(second.entries())).containsExactly(4L, 5L);
        assertThat(second.nextSequence()).isNull();
        assertThat(second.accountExists()).isTrue();

        var exact = history.page(ACCOUNT, 0, 6);
        assertThat(exact.entries()).hasSize(6);
        assertThat(exact.nextSequence()).as("no page after a full last page").isNull();

        var one = history.page(ACCOUNT, 5, 1);
        assertThat(sequences(one.entries())).containsExactly(5L);
        assertThat(one.nextSequence()).isNull();
    }

    @Test
    void a_cursor_past_the_end_of_an_existing_account_is_an_empty_page_not_an_unknown_account() {
        openWithDeposits(ACCOUNT);

        var beyond = history.page(ACCOUNT, 50, 10);

        assertThat(beyond.accountExists()).isTrue();
        assertThat(beyond.entries()).isEmpty();
        assertThat(beyond.nextSequence()).isNull();
    }

    @Test
    void an_unknown_account_has_no_trail_and_no_balance() {
        openWithDeposits(ACCOUNT);

        assertThat(history.page("999999", 0, 10).accountExists()).isFalse();
        assertThat(history.page("999999", 0, 10).entries()).isEmpty();
        assertThat(history.page("999999", 3, 10).accountExists()).isFalse();
        assertThat(history.exists("999999")).isFalse();
        assertThat(history.exists(ACCOUNT)).isTrue();
        assertThat(history.balanceAsOf("999999", at(100))).isEmpty();
    }

    @Test
    void transfer_events_carry_the_transfer_id_as_correlation_id() {
        String transfer = UUID.randomUUID().toString();
        String refused = UUID.randomUUID().toString();
        append(
                event(ACCOUNT, 0, new AccountOpenedEvent(ACCOUNT, "a", "BRL", 100)),
                event(ACCOUNT, 1, new TransferDebitedEvent(ACCOUNT, transfer, 40, "BRL", 60, OTHER)),
                event(ACCOUNT, 2, new TransferRefundedEvent(ACCOUNT, transfer, 40, "BRL", 100, OTHER)),
                event(ACCOUNT, 3, new TransferDebitRejectedEvent(ACCOUNT, refused, "INSUFFICIENT_FUNDS", "no")),
                event(ACCOUNT, 4, new MoneyDepositedEvent(ACCOUNT, 1, "BRL", 101)));

        var entries = history.page(ACCOUNT, 0, 10).entries();

        assertThat(entries)
                .extracting(Entry::eventType)
                .containsExactly(
                        "AccountOpenedEvent",
                        "TransferDebitedEvent",
                        "TransferRefundedEvent",
                        "TransferDebitRejectedEvent",
                        "MoneyDepositedEvent");
        assertThat(entries).extracting(Entry::correlationId).containsExactly(null, transfer, transfer, refused, null);
    }

    // ---- balance as of an instant --------------------------------------------------------------

    @Test
    void balance_before_the_first_event_is_empty() {
        openWithDeposits(ACCOUNT);

        assertThat(history.balanceAsOf(ACCOUNT, at(0).minusNanos(1))).isEmpty();
        assertThat(history.balanceAsOf(ACCOUNT, Instant.EPOCH)).isEmpty();
    }

    @Test
    void balance_at_the_first_event_is_the_initial_balance() {
        openWithDeposits(ACCOUNT);

        var balance = history.balanceAsOf(ACCOUNT, at(0)).orElseThrow();

        assertThat(balance.accountNumber()).isEqualTo(ACCOUNT);
        assertThat(balance.balanceMinor()).isEqualTo(100);
        assertThat(balance.currency()).isEqualTo("BRL");
        assertThat(balance.sequenceNumber()).isZero();
        assertThat(balance.lastEventAt()).isEqualTo(at(0));
    }

    @Test
    void balance_between_events_is_the_one_after_the_last_event_at_or_before_the_instant() {
        openWithDeposits(ACCOUNT);

        var between =
                history.balanceAsOf(ACCOUNT, at(2).plus(Duration.ofMillis(500))).orElseThrow();
        assertThat(between.balanceMinor()).isEqualTo(120);
        assertThat(between.sequenceNumber()).isEqualTo(2);

        var exactlyAt = history.balanceAsOf(ACCOUNT, at(3)).orElseThrow();
        assertThat(exactlyAt.balanceMinor())
                .as("an event at the instant counts")
                .isEqualTo(130);
    }

    @Test
    void balance_after_the_last_event_is_the_current_balance() {
        openWithDeposits(ACCOUNT);

        var now = history.balanceAsOf(ACCOUNT, Instant.now().plusSeconds(3600)).orElseThrow();

        assertThat(now.balanceMinor()).isEqualTo(150);
        assertThat(now.sequenceNumber()).isEqualTo(5);
    }

    @Test
    void balance_follows_every_balance_carrying_event_and_ignores_rejected_legs() {
        String transfer = UUID.randomUUID().toString();
        append(
                event(ACCOUNT, 0, new AccountOpenedEvent(ACCOUNT, "a", "EUR", 0)),
                event(ACCOUNT, 1, new MoneyDepositedEvent(ACCOUNT, 500, "EUR", 500)),
                event(ACCOUNT, 2, new MoneyWithdrawnEvent(ACCOUNT, 100, "EUR", 400)),
                event(ACCOUNT, 3, new TransferDebitedEvent(ACCOUNT, transfer, 50, "EUR", 350, OTHER)),
                event(ACCOUNT, 4, new TransferCreditRejectedEvent(ACCOUNT, "x", "CURRENCY_MISMATCH", "no")),
                event(ACCOUNT, 5, new TransferRefundedEvent(ACCOUNT, transfer, 50, "EUR", 400, OTHER)),
                event(ACCOUNT, 6, new TransferCreditedEvent(ACCOUNT, "y", 25, "EUR", 425, OTHER)),
                event(ACCOUNT, 7, new TransferDebitRejectedEvent(ACCOUNT, "z", "INSUFFICIENT_FUNDS", "no")));

        long[] expected = {0, 500, 400, 350, 350, 400, 425, 425};
        for (int seq = 0; seq < expected.length; seq++) {
            var balance = history.balanceAsOf(ACCOUNT, at(seq)).orElseThrow();
            assertThat(balance.balanceMinor()).as("as of event %d", seq).isEqualTo(expected[seq]);
            assertThat(balance.currency()).isEqualTo("EUR");
            assertThat(balance.sequenceNumber()).isEqualTo(seq);
        }
    }

    @Test
    void refuses_a_negative_start_or_an_empty_page() {
        assertThatThrownBy(() -> history.page(ACCOUNT, -1, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> history.page(ACCOUNT, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
