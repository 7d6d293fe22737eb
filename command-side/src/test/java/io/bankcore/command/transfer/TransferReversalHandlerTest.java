package io.bankcore.command.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.bankcore.api.CloseAccountCommand;
import io.bankcore.api.CommandFailure;
import io.bankcore.api.DepositMoneyCommand;
import io.bankcore.api.FreezeAccountCommand;
import io.bankcore.api.OpenAccountCommand;
import io.bankcore.api.PostTransferCommand;
import io.bankcore.api.RequestTransferCommand;
import io.bankcore.api.ReserveTransferCommand;
import io.bankcore.api.ReversalCreditedEvent;
import io.bankcore.api.ReversalDebitedEvent;
import io.bankcore.api.ReversalReply;
import io.bankcore.api.ReverseTransferCommand;
import io.bankcore.api.TransferReversedEvent;
import io.bankcore.api.UnfreezeAccountCommand;
import io.bankcore.api.VoidTransferCommand;
import io.bankcore.api.WithdrawMoneyCommand;
import io.bankcore.command.AccountAggregate;
import io.bankcore.command.DomainErrorTranslator;
import java.time.Instant;
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

/**
 * Reversals on the real aggregates behind Axon's local command bus (the error translator registered),
 * over an in-memory event store. A transfer is made completed by reserving and posting it; every refusal
 * must leave every stream as it was.
 */
class TransferReversalHandlerTest {

    static final String ID = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
    static final String FROM = "000111222";
    static final String TO = "000333444";

    private EmbeddedEventStore eventStore;
    private CommandGateway commands;
    private int reversals;

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
        new AnnotationCommandHandlerAdapter<>(
                        new PendingTransferHandler(accounts, transfers, java.time.Clock.systemUTC()))
                .subscribe(bus);
        new AnnotationCommandHandlerAdapter<>(new TransferRequestHandler(accounts, transfers)).subscribe(bus);
        new AnnotationCommandHandlerAdapter<>(new TransferReversalHandler(accounts, transfers)).subscribe(bus);
        commands = DefaultCommandGateway.builder().commandBus(bus).build();
        commands.sendAndWait(new OpenAccountCommand(FROM, UUID.randomUUID().toString(), 10_000, "BRL"));
        commands.sendAndWait(new OpenAccountCommand(TO, UUID.randomUUID().toString(), 0, "BRL"));
    }

    @AfterEach
    void stop() {
        eventStore.shutDown();
    }

    /** A completed transfer of {@code posted} (reserved {@code reserved}, then posted). */
    private void completed(long reserved, long posted) {
        commands.sendAndWait(new ReserveTransferCommand(
                ID, FROM, TO, reserved, "BRL", Instant.now().plusSeconds(3_600)));
        commands.sendAndWait(new PostTransferCommand(ID, posted));
    }

    private ReversalReply reverse(Long amount) {
        return commands.sendAndWait(new ReverseTransferCommand(ID, "reversal-" + ++reversals, amount));
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

    private String refusal(Runnable request) {
        var before = all();
        var thrown = catchThrowableOfType(CommandExecutionException.class, request::run);
        assertThat(thrown).as("refused").isNotNull();
        assertThat(all()).as("nothing appended").isEqualTo(before);
        return thrown.getDetails().map(CommandFailure.class::cast).orElseThrow().code();
    }

    @Test
    void a_reversal_moves_the_amount_back_and_records_it_on_the_transfer() {
        completed(3_000, 3_000);

        var reply = reverse(1_000L);

        assertThat(reply.amountMinor()).isEqualTo(1_000);
        assertThat(reply.reversedMinor()).isEqualTo(1_000);
        assertThat(reply.fromBalanceMinor()).isEqualTo(8_000);
        assertThat(reply.toBalanceMinor()).isEqualTo(2_000);
        assertThat(events(TO))
                .last()
                .isEqualTo(new ReversalDebitedEvent(TO, "reversal-1", ID, 1_000, "BRL", 2_000, FROM));
        assertThat(events(FROM))
                .last()
                .isEqualTo(new ReversalCreditedEvent(FROM, "reversal-1", ID, 1_000, "BRL", 8_000, TO));
        assertThat(events(ID))
                .last()
                .isEqualTo(new TransferReversedEvent(
                        ID,
                        "reversal-1",
                        FROM,
                        TO,
                        1_000,
                        1_000,
                        "BRL",
                        8_000,
                        2_000,
                        reply.fromSequence(),
                        reply.toSequence()));
    }

    @Test
    void partial_reversals_reach_the_settled_amount_exactly_and_not_a_cent_more() {
        completed(5_000, 3_000);

        reverse(1_000L);
        var all = reverse(null);

        assertThat(all.amountMinor()).isEqualTo(2_000);
        assertThat(all.reversedMinor()).isEqualTo(3_000);
        assertThat(all.toBalanceMinor()).isZero();
        assertThat(refusal(() -> reverse(1L))).isEqualTo("REVERSAL_EXCEEDS_TRANSFER");
        assertThat(refusal(() -> reverse(null))).isEqualTo("REVERSAL_EXCEEDS_TRANSFER");
    }

    @Test
    void only_a_completed_transfer_is_reversed() {
        commands.sendAndWait(new ReserveTransferCommand(
                ID, FROM, TO, 1_000, "BRL", Instant.now().plusSeconds(60)));
        assertThat(refusal(() -> reverse(null))).isEqualTo("TRANSFER_NOT_COMPLETED");
        commands.sendAndWait(new VoidTransferCommand(ID));
        assertThat(refusal(() -> reverse(1L))).isEqualTo("TRANSFER_NOT_COMPLETED");

        // Requested but not settled (no saga runs here): PENDING.
        String other = "11111111-1111-1111-1111-111111111111";
        commands.sendAndWait(new RequestTransferCommand(other, FROM, TO, 100, "BRL"));
        var thrown = catchThrowableOfType(
                CommandExecutionException.class,
                () -> commands.sendAndWait(new ReverseTransferCommand(other, "r", null)));
        assertThat(thrown.getDetails()
                        .map(CommandFailure.class::cast)
                        .orElseThrow()
                        .code())
                .isEqualTo("TRANSFER_NOT_COMPLETED");
        assertThat(refusal(() -> commands.sendAndWait(new ReverseTransferCommand(FROM, "r", null))))
                .isEqualTo("TRANSFER_NOT_FOUND");
        assertThat(refusal(() -> commands.sendAndWait(new ReverseTransferCommand("nothing-here", "r", null))))
                .isEqualTo("TRANSFER_NOT_FOUND");
    }

    @Test
    void a_reversal_is_refused_as_a_transfer_back_would_be() {
        completed(3_000, 3_000);
        commands.sendAndWait(new WithdrawMoneyCommand(TO, 2_500, "BRL"));
        assertThat(refusal(() -> reverse(501L))).isEqualTo("INSUFFICIENT_FUNDS");

        commands.sendAndWait(new FreezeAccountCommand(TO, "DEBITS", "review"));
        assertThat(refusal(() -> reverse(1L))).isEqualTo("ACCOUNT_FROZEN");
        commands.sendAndWait(new UnfreezeAccountCommand(TO));

        commands.sendAndWait(new FreezeAccountCommand(FROM, "CREDITS", "review"));
        assertThat(refusal(() -> reverse(1L))).isEqualTo("ACCOUNT_FROZEN");
        commands.sendAndWait(new FreezeAccountCommand(FROM, "DEBITS", "review"));
        reverse(1L); // a source frozen for debits only takes the money back
        commands.sendAndWait(new UnfreezeAccountCommand(FROM));

        commands.sendAndWait(new WithdrawMoneyCommand(TO, 499, "BRL"));
        commands.sendAndWait(new CloseAccountCommand(TO));
        assertThat(refusal(() -> reverse(1L))).isEqualTo("ACCOUNT_CLOSED");
        commands.sendAndWait(new DepositMoneyCommand(FROM, 1, "BRL"));
    }
}
