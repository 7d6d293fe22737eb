package io.bankcore.command.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.bankcore.api.AccountFrozenEvent;
import io.bankcore.api.CloseAccountCommand;
import io.bankcore.api.CommandFailure;
import io.bankcore.api.ExpireTransferCommand;
import io.bankcore.api.FreezeAccountCommand;
import io.bankcore.api.FundsReservedEvent;
import io.bankcore.api.OpenAccountCommand;
import io.bankcore.api.PendingTransferReply;
import io.bankcore.api.PostTransferCommand;
import io.bankcore.api.ReservationPostedEvent;
import io.bankcore.api.ReservationReleasedEvent;
import io.bankcore.api.ReserveTransferCommand;
import io.bankcore.api.TransferCreditedEvent;
import io.bankcore.api.TransferExpiredEvent;
import io.bankcore.api.TransferPostedEvent;
import io.bankcore.api.TransferReservedEvent;
import io.bankcore.api.TransferVoidedEvent;
import io.bankcore.api.UnfreezeAccountCommand;
import io.bankcore.api.VoidTransferCommand;
import io.bankcore.api.WithdrawMoneyCommand;
import io.bankcore.command.AccountAggregate;
import io.bankcore.command.DomainErrorTranslator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.axonframework.commandhandling.AnnotationCommandHandlerAdapter;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.modelling.command.AggregateAnnotationCommandHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Pending transfers: reserve, post (all or part), void and expire, with every refusal, on the real
 * aggregates behind Axon's local command bus (the error translator registered, as in the application)
 * over an in-memory event store. Every refusal must leave every stream as it was.
 */
class PendingTransferHandlerTest {

    static final String ID = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
    static final String FROM = "000111222";
    static final String TO = "000333444";
    static final String MISSING = "000999999";
    static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");
    static final Instant EXPIRES = NOW.plus(Duration.ofMinutes(10));

    private EmbeddedEventStore eventStore;
    private CommandGateway commands;
    private MutableClock clock;

    /** A clock the test moves. */
    static final class MutableClock extends Clock {
        volatile Instant now = NOW;

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @BeforeEach
    void wire() {
        eventStore = EmbeddedEventStore.builder()
                .storageEngine(new InMemoryEventStorageEngine())
                .build();
        var accounts = EventSourcingRepository.builder(AccountAggregate.class)
                .eventStore(eventStore)
                .build();
        var transfers = EventSourcingRepository.builder(TransferAggregate.class)
                .eventStore(eventStore)
                .build();
        var bus = SimpleCommandBus.builder().build();
        bus.registerHandlerInterceptor(new DomainErrorTranslator());
        AggregateAnnotationCommandHandler.<AccountAggregate>builder()
                .aggregateType(AccountAggregate.class)
                .repository(accounts)
                .build()
                .subscribe(bus);
        AggregateAnnotationCommandHandler.<TransferAggregate>builder()
                .aggregateType(TransferAggregate.class)
                .repository(transfers)
                .build()
                .subscribe(bus);
        clock = new MutableClock();
        new AnnotationCommandHandlerAdapter<>(new PendingTransferHandler(accounts, transfers, clock)).subscribe(bus);
        commands = DefaultCommandGateway.builder().commandBus(bus).build();
        open(FROM, 10_000, "BRL");
        open(TO, 0, "BRL");
    }

    @AfterEach
    void stop() {
        eventStore.shutDown();
    }

    private void open(String number, long balance, String currency) {
        commands.sendAndWait(new OpenAccountCommand(number, UUID.randomUUID().toString(), balance, currency));
    }

    private PendingTransferReply reserve(long amount) {
        return reserve(FROM, TO, amount, "BRL");
    }

    private PendingTransferReply reserve(String from, String to, long amount, String currency) {
        return commands.sendAndWait(new ReserveTransferCommand(ID, from, to, amount, currency, EXPIRES));
    }

    private List<Object> events(String aggregate) {
        return eventStore
                .readEvents(aggregate, 0L)
                .asStream()
                .map(EventMessage::getPayload)
                .map(Object.class::cast)
                .toList();
    }

    private List<Object> all() {
        return List.of(events(FROM), events(TO), events(ID));
    }

    /** The refusal's code, as the web layer reads it; nothing may have been appended anywhere. */
    private String refusal(Runnable request) {
        var before = all();
        var thrown = catchThrowableOfType(CommandExecutionException.class, request::run);
        assertThat(thrown).as("refused").isNotNull();
        assertThat(all()).as("nothing appended").isEqualTo(before);
        return thrown.getDetails().map(CommandFailure.class::cast).orElseThrow().code();
    }

    private String refusalDetail(Runnable request) {
        var thrown = catchThrowableOfType(CommandExecutionException.class, request::run);
        return thrown.getDetails().map(CommandFailure.class::cast).orElseThrow().detail();
    }

    @Test
    void a_reservation_holds_the_amount_on_the_source_and_records_the_transfer() {
        var reply = reserve(3_000);

        assertThat(reply.status()).isEqualTo("RESERVED");
        assertThat(reply.fromBalanceMinor()).isEqualTo(10_000);
        assertThat(reply.fromAvailableMinor()).isEqualTo(7_000);
        assertThat(reply.expiresAt()).isEqualTo(EXPIRES);
        assertThat(events(FROM)).last().isEqualTo(new FundsReservedEvent(FROM, ID, 3_000, "BRL", 3_000, TO));
        assertThat(events(ID)).containsExactly(new TransferReservedEvent(ID, FROM, TO, 3_000, "BRL", EXPIRES));
        assertThat(events(TO)).hasSize(1); // opened only: a reservation does not touch the destination
    }

    @Test
    void reservations_are_refused_in_the_contract_order_against_the_available_balance() {
        assertThat(refusal(() -> reserve(FROM, FROM, 1, "BRL"))).isEqualTo("SAME_ACCOUNT");
        assertThat(refusal(() -> reserve(MISSING, TO, 1, "BRL"))).isEqualTo("ACCOUNT_NOT_FOUND");
        assertThat(refusal(() -> reserve(FROM, MISSING, 1, "BRL"))).isEqualTo("ACCOUNT_NOT_FOUND");
        assertThat(refusal(() -> reserve(FROM, TO, 1, "USD"))).isEqualTo("CURRENCY_MISMATCH");
        assertThat(refusal(() -> reserve(FROM, TO, 10_001, "BRL"))).isEqualTo("INSUFFICIENT_FUNDS");
        assertThat(refusal(() -> reserve(FROM, TO, 0, "BRL"))).isEqualTo("INVALID_AMOUNT");

        commands.sendAndWait(
                new ReserveTransferCommand("11111111-1111-1111-1111-111111111111", FROM, TO, 6_000, "BRL", EXPIRES));
        // 4,000 of the 10,000 are left available.
        assertThat(refusal(() -> reserve(4_001))).isEqualTo("INSUFFICIENT_FUNDS");
        assertThat(refusal(() -> commands.sendAndWait(new WithdrawMoneyCommand(FROM, 4_001, "BRL"))))
                .isEqualTo("INSUFFICIENT_FUNDS");
    }

    @Test
    void a_reservation_to_a_destination_that_could_not_be_credited_is_refused_up_front() {
        commands.sendAndWait(new FreezeAccountCommand(TO, "CREDITS", "dormant"));
        assertThat(refusal(() -> reserve(1))).isEqualTo("ACCOUNT_FROZEN");

        commands.sendAndWait(new UnfreezeAccountCommand(TO));
        commands.sendAndWait(new CloseAccountCommand(TO));
        assertThat(refusal(() -> reserve(1))).isEqualTo("ACCOUNT_CLOSED");
    }

    @Test
    void a_source_frozen_for_debits_reserves_nothing() {
        commands.sendAndWait(new FreezeAccountCommand(FROM, "DEBITS", "fraud check"));

        assertThat(refusal(() -> reserve(1))).isEqualTo("ACCOUNT_FROZEN");
        assertThat(refusalDetail(() -> reserve(1))).isEqualTo("Account " + FROM + " is frozen for debits: fraud check");
    }

    @Test
    void posting_all_moves_the_reserved_amount_in_one_unit_of_work() {
        reserve(3_000);

        PendingTransferReply posted = commands.sendAndWait(new PostTransferCommand(ID, null));

        assertThat(posted.status()).isEqualTo("COMPLETED");
        assertThat(posted.postedMinor()).isEqualTo(3_000);
        assertThat(posted.fromBalanceMinor()).isEqualTo(7_000);
        assertThat(posted.fromAvailableMinor()).isEqualTo(7_000);
        assertThat(posted.toBalanceMinor()).isEqualTo(3_000);
        assertThat(events(FROM))
                .last()
                .isEqualTo(new ReservationPostedEvent(FROM, ID, 3_000, 3_000, "BRL", 7_000, 0, TO));
        assertThat(events(TO)).last().isEqualTo(new TransferCreditedEvent(TO, ID, 3_000, "BRL", 3_000, FROM));
        assertThat(events(ID))
                .last()
                .isEqualTo(new TransferPostedEvent(ID, FROM, TO, 3_000, 3_000, "BRL", 7_000, 3_000, 2, 1));
    }

    @Test
    void a_partial_post_moves_part_and_releases_the_rest() {
        reserve(3_000);

        PendingTransferReply posted = commands.sendAndWait(new PostTransferCommand(ID, 1_000L));

        assertThat(posted.postedMinor()).isEqualTo(1_000);
        assertThat(posted.fromBalanceMinor()).isEqualTo(9_000);
        assertThat(posted.fromAvailableMinor()).isEqualTo(9_000);
        assertThat(posted.toBalanceMinor()).isEqualTo(1_000);
        assertThat(events(FROM))
                .last()
                .isEqualTo(new ReservationPostedEvent(FROM, ID, 1_000, 3_000, "BRL", 9_000, 0, TO));
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -1, 3_001})
    void a_post_outside_one_to_the_reserved_amount_is_refused(long amount) {
        reserve(3_000);

        assertThat(refusal(() -> commands.sendAndWait(new PostTransferCommand(ID, amount))))
                .isEqualTo("INVALID_AMOUNT");
    }

    @Test
    void a_credit_the_destination_refuses_fails_the_post_and_keeps_the_reservation() {
        reserve(3_000);
        commands.sendAndWait(new FreezeAccountCommand(TO, "ALL", "court order"));

        assertThat(refusal(() -> commands.sendAndWait(new PostTransferCommand(ID, null))))
                .isEqualTo("ACCOUNT_FROZEN");

        commands.sendAndWait(new UnfreezeAccountCommand(TO));
        PendingTransferReply posted = commands.sendAndWait(new PostTransferCommand(ID, null));
        assertThat(posted.toBalanceMinor()).isEqualTo(3_000);
    }

    @Test
    void a_source_frozen_for_debits_cannot_post_but_can_void() {
        reserve(3_000);
        commands.sendAndWait(new FreezeAccountCommand(FROM, "DEBITS", "fraud check"));

        assertThat(refusal(() -> commands.sendAndWait(new PostTransferCommand(ID, null))))
                .isEqualTo("ACCOUNT_FROZEN");

        PendingTransferReply voided = commands.sendAndWait(new VoidTransferCommand(ID));
        assertThat(voided.status()).isEqualTo("VOIDED");
        assertThat(voided.fromAvailableMinor()).isEqualTo(10_000);
        assertThat(events(FROM)).last().isEqualTo(new ReservationReleasedEvent(FROM, ID, 3_000, "BRL", 0, "VOIDED"));
        assertThat(events(FROM)).anyMatch(AccountFrozenEvent.class::isInstance);
    }

    @Test
    void voiding_releases_the_whole_hold_and_moves_nothing() {
        reserve(3_000);

        PendingTransferReply voided = commands.sendAndWait(new VoidTransferCommand(ID));

        assertThat(voided.fromBalanceMinor()).isEqualTo(10_000);
        assertThat(events(ID)).last().isEqualTo(new TransferVoidedEvent(ID, FROM, TO, 3_000, "BRL", 2));
        assertThat(events(TO)).hasSize(1);
    }

    @Test
    void exactly_one_end_wins_and_the_others_name_it() {
        reserve(3_000);
        commands.sendAndWait(new VoidTransferCommand(ID));

        assertThat(refusal(() -> commands.sendAndWait(new PostTransferCommand(ID, null))))
                .isEqualTo("TRANSFER_NOT_PENDING");
        assertThat(refusalDetail(() -> commands.sendAndWait(new VoidTransferCommand(ID))))
                .isEqualTo("Transfer " + ID + " is not pending: its status is VOIDED.");
        var before = all();
        commands.sendAndWait(new ExpireTransferCommand(ID));
        assertThat(all()).as("a late expiry changes nothing").isEqualTo(before);
    }

    @Test
    void the_expiry_releases_an_open_reservation() {
        reserve(3_000);

        commands.sendAndWait(new ExpireTransferCommand(ID));

        assertThat(events(FROM)).last().isEqualTo(new ReservationReleasedEvent(FROM, ID, 3_000, "BRL", 0, "EXPIRED"));
        assertThat(events(ID)).last().isEqualTo(new TransferExpiredEvent(ID, FROM, TO, 3_000, "BRL", 2));
        assertThat(refusalDetail(() -> commands.sendAndWait(new PostTransferCommand(ID, null))))
                .endsWith("its status is EXPIRED.");
    }

    @Test
    void past_its_expiry_a_reservation_is_no_longer_posted_or_voided_even_before_the_deadline_fires() {
        reserve(3_000);
        clock.now = EXPIRES;

        assertThat(refusalDetail(() -> commands.sendAndWait(new PostTransferCommand(ID, null))))
                .endsWith("its status is EXPIRED.");
        assertThat(refusal(() -> commands.sendAndWait(new VoidTransferCommand(ID))))
                .isEqualTo("TRANSFER_NOT_PENDING");
    }

    @Test
    void an_unknown_transfer_is_not_found() {
        assertThat(refusal(() -> commands.sendAndWait(new PostTransferCommand(ID, null))))
                .isEqualTo("TRANSFER_NOT_FOUND");
        // An account's stream is not a transfer's.
        assertThat(refusal(() -> commands.sendAndWait(new PostTransferCommand(FROM, null))))
                .isEqualTo("TRANSFER_NOT_FOUND");
        assertThat(refusal(() -> commands.sendAndWait(new VoidTransferCommand(ID))))
                .isEqualTo("TRANSFER_NOT_FOUND");
    }

    @Test
    void an_account_with_an_open_reservation_cannot_close_until_it_ends() {
        commands.sendAndWait(new ReserveTransferCommand(ID, FROM, TO, 10_000, "BRL", EXPIRES));
        assertThat(refusalDetail(() -> commands.sendAndWait(new CloseAccountCommand(FROM))))
                .contains("reserved");

        commands.sendAndWait(new PostTransferCommand(ID, null));
        commands.sendAndWait(new CloseAccountCommand(FROM));
        assertThat(refusal(() -> commands.sendAndWait(new WithdrawMoneyCommand(FROM, 1, "BRL"))))
                .isEqualTo("ACCOUNT_CLOSED");
    }
}
