package io.bankcore.command.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.bankcore.api.CommandFailure;
import io.bankcore.api.DepositMoneyCommand;
import io.bankcore.api.OpenAccountCommand;
import io.bankcore.api.RequestTransferCommand;
import io.bankcore.api.TransferRequestedEvent;
import io.bankcore.command.AccountAggregate;
import io.bankcore.command.DomainErrorTranslator;
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
 * A transfer request, checked against both accounts as the events left them, in the contract's order,
 * and recorded only when every check passes. The real aggregates behind Axon's local command bus (with
 * the error translator registered, as in the application) over an in-memory event store.
 */
class TransferRequestHandlerTest {

    static final String TRANSFER_ID = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
    static final String FROM = "000111222";
    static final String TO = "000333444";
    static final String MISSING = "000999999";

    private EmbeddedEventStore eventStore;
    private CommandGateway commands;

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
        new AnnotationCommandHandlerAdapter<>(new TransferRequestHandler(accounts, transfers)).subscribe(bus);
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

    private TransferReply request(String from, String to, long amount, String currency) {
        return commands.sendAndWait(new RequestTransferCommand(TRANSFER_ID, from, to, amount, currency));
    }

    private List<Object> transferEvents() {
        return eventStore
                .readEvents(TRANSFER_ID)
                .asStream()
                .map(EventMessage::getPayload)
                .map(Object.class::cast)
                .toList();
    }

    /** The refusal's code, as the web layer reads it from the command's failure details. */
    private String refusal(Runnable request) {
        var thrown = catchThrowableOfType(CommandExecutionException.class, request::run);
        assertThat(thrown).as("refused").isNotNull();
        assertThat(transferEvents()).as("nothing recorded").isEmpty();
        return thrown.getDetails().map(CommandFailure.class::cast).orElseThrow().code();
    }

    @Test
    void a_request_between_two_accounts_that_can_make_it_is_recorded() {
        TransferReply reply = request(FROM, TO, 2_500, "BRL");

        assertThat(reply.transferId()).isEqualTo(TRANSFER_ID);
        // No saga runs here, so nothing settled it in the request's unit of work.
        assertThat(reply.completed()).isEmpty();
        assertThat(reply.failed()).isEmpty();
        assertThat(transferEvents()).containsExactly(new TransferRequestedEvent(TRANSFER_ID, FROM, TO, 2_500, "BRL"));
    }

    @Test
    void the_account_numbers_are_recorded_without_surrounding_whitespace() {
        request(" " + FROM + "\t", "\u00a0" + TO + " ", 2_500, "BRL");

        assertThat(transferEvents()).containsExactly(new TransferRequestedEvent(TRANSFER_ID, FROM, TO, 2_500, "BRL"));
    }

    @Test
    void the_whole_balance_can_be_transferred() {
        request(FROM, TO, 10_000, "BRL");

        assertThat(transferEvents()).hasSize(1);
    }

    @Test
    void a_transfer_to_the_same_account_written_differently_is_refused() {
        assertThat(refusal(() -> request(FROM, " " + FROM + " ", 1, "BRL"))).isEqualTo("SAME_ACCOUNT");
    }

    @Test
    void an_unknown_source_is_named_before_an_unknown_destination() {
        // MISSING sorts after both, so the destination is looked up first: the source is still named.
        assertThat(refusal(() -> request(MISSING, "000999998", 1, "BRL"))).isEqualTo("ACCOUNT_NOT_FOUND");
        var thrown =
                catchThrowableOfType(CommandExecutionException.class, () -> request(MISSING, "000999998", 1, "BRL"));
        assertThat(thrown.getMessage()).contains(MISSING);
    }

    @Test
    void an_unknown_destination_is_refused() {
        var thrown = catchThrowableOfType(CommandExecutionException.class, () -> request(FROM, MISSING, 1, "BRL"));
        assertThat(thrown.getDetails()
                        .map(CommandFailure.class::cast)
                        .orElseThrow()
                        .code())
                .isEqualTo("ACCOUNT_NOT_FOUND");
        assertThat(thrown.getMessage()).contains(MISSING);
    }

    @Test
    void a_currency_other_than_the_sources_is_refused_naming_the_source_first() {
        open("000555666", 100, "USD");
        var thrown = catchThrowableOfType(CommandExecutionException.class, () -> request(FROM, "000555666", 1, "USD"));
        assertThat(thrown.getDetails()
                        .map(CommandFailure.class::cast)
                        .orElseThrow()
                        .code())
                .isEqualTo("CURRENCY_MISMATCH");
        assertThat(thrown.getMessage())
                .isEqualTo("Money currency mismatch: account " + FROM + " holds BRL, the transfer is in USD.");
    }

    @Test
    void a_destination_in_another_currency_is_refused() {
        open("000555666", 100, "USD");
        var thrown = catchThrowableOfType(CommandExecutionException.class, () -> request(FROM, "000555666", 1, "BRL"));
        assertThat(thrown.getMessage())
                .isEqualTo("Money currency mismatch: account 000555666 holds USD, the transfer is in BRL.");
    }

    @Test
    void a_currency_mismatch_is_told_before_insufficient_funds() {
        open("000555666", 0, "USD");
        assertThat(refusal(() -> request("000555666", TO, 1_000_000, "BRL"))).isEqualTo("CURRENCY_MISMATCH");
    }

    @Test
    void more_than_the_source_holds_is_refused() {
        assertThat(refusal(() -> request(FROM, TO, 10_001, "BRL"))).isEqualTo("INSUFFICIENT_FUNDS");
    }

    @Test
    void a_destination_balance_beyond_64_bits_is_refused_before_anything_moves() {
        commands.sendAndWait(new DepositMoneyCommand(TO, Long.MAX_VALUE, "BRL"));
        assertThat(refusal(() -> request(FROM, TO, 1, "BRL"))).isEqualTo("BALANCE_OVERFLOW");
    }

    @ParameterizedTest
    @ValueSource(strings = {"12345", "1234567890123", "12345a", ""})
    void an_invalid_account_number_on_either_side_is_refused(String accountNumber) {
        assertThat(refusal(() -> request(accountNumber, TO, 1, "BRL"))).isEqualTo("INVALID_ACCOUNT_NUMBER");
        assertThat(refusal(() -> request(FROM, accountNumber, 1, "BRL"))).isEqualTo("INVALID_ACCOUNT_NUMBER");
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -1, Long.MIN_VALUE})
    void a_zero_or_negative_amount_is_refused(long amountMinor) {
        assertThat(refusal(() -> request(FROM, TO, amountMinor, "BRL"))).isEqualTo("INVALID_AMOUNT");
    }

    @ParameterizedTest
    @ValueSource(strings = {"XYZ", "brl", "BR", ""})
    void a_currency_that_is_not_iso_4217_is_refused(String currency) {
        assertThat(refusal(() -> request(FROM, TO, 1, currency))).isEqualTo("INVALID_CURRENCY");
    }
}
