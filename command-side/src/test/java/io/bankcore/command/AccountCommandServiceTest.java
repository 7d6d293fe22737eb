package io.bankcore.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import io.bankcore.api.AccountOpenedEvent;
import io.bankcore.api.AccountState;
import io.bankcore.api.CommandFailure;
import io.bankcore.api.DepositMoneyCommand;
import io.bankcore.api.MoneyDepositedEvent;
import io.bankcore.api.MoneyWithdrawnEvent;
import io.bankcore.api.OpenAccountCommand;
import io.bankcore.api.WithdrawMoneyCommand;
import io.bankcore.domain.AccountAlreadyExists;
import io.bankcore.domain.ErrorCode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.axonframework.commandhandling.AsynchronousCommandBus;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandCallback;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.common.Registration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.modelling.command.AggregateAnnotationCommandHandler;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class AccountCommandServiceTest {

    private static final String NUMBER = "000123456";
    private static final String OTHER_NUMBER = "000654321";
    private static final UUID FIRST_ID = UUID.fromString("00000000-0000-4000-8000-000000000001");
    private static final UUID SECOND_ID = UUID.fromString("00000000-0000-4000-8000-000000000002");
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    /**
     * The real aggregate behind Axon's local command bus and gateway, wired as in the application (the
     * translator registered on the bus), over an in-memory event store that refuses a second event with
     * one aggregate id and sequence number, as the database's unique key does.
     */
    @Nested
    class WithTheAggregateBehindALocalBus {

        private EmbeddedEventStore eventStore;
        private AccountCommandService service;

        @BeforeEach
        void wire() {
            eventStore = EmbeddedEventStore.builder()
                    .storageEngine(new UniqueKeyEventStorageEngine())
                    .build();
            var repository = EventSourcingRepository.builder(AccountAggregate.class)
                    .eventStore(eventStore)
                    .build();
            var commandBus = SimpleCommandBus.builder().build();
            commandBus.registerHandlerInterceptor(new DomainErrorTranslator());
            AggregateAnnotationCommandHandler.<AccountAggregate>builder()
                    .aggregateType(AccountAggregate.class)
                    .repository(repository)
                    .build()
                    .subscribe(commandBus);
            var ids = List.of(FIRST_ID, SECOND_ID).iterator();
            service = new AccountCommandService(
                    DefaultCommandGateway.builder().commandBus(commandBus).build(), ids::next, TIMEOUT);
        }

        @AfterEach
        void stop() {
            eventStore.shutDown();
        }

        private List<Object> storedPayloads(String accountNumber) {
            return eventStore
                    .readEvents(accountNumber)
                    .asStream()
                    .map(EventMessage::getPayload)
                    .map(Object.class::cast)
                    .toList();
        }

        @Test
        void creating_an_account_answers_with_the_id_from_the_id_source_at_sequence_zero() {
            var created = service.createAccount(NUMBER, 500, "BRL");

            assertThat(created).isEqualTo(new AccountState(NUMBER, FIRST_ID.toString(), 500, "BRL", 0));
            assertThat(storedPayloads(NUMBER))
                    .containsExactly(new AccountOpenedEvent(NUMBER, FIRST_ID.toString(), "BRL", 500));
        }

        @Test
        void each_created_account_takes_the_next_id_from_the_id_source() {
            var first = service.createAccount(NUMBER, 0, "BRL");
            var second = service.createAccount(OTHER_NUMBER, 0, "USD");

            assertThat(first.accountId()).isEqualTo(FIRST_ID.toString());
            assertThat(second.accountId()).isEqualTo(SECOND_ID.toString());
        }

        @Test
        void creating_an_account_under_a_taken_number_is_refused_as_already_existing_and_changes_nothing() {
            service.createAccount(NUMBER, 500, "BRL");

            assertThatThrownBy(() -> service.createAccount(NUMBER, 7, "USD"))
                    .isInstanceOf(AccountAlreadyExists.class)
                    .hasMessage("Account with number 000123456 already exists.")
                    .extracting(e -> ((AccountAlreadyExists) e).code())
                    .isEqualTo(ErrorCode.ACCOUNT_ALREADY_EXISTS);
            assertThat(storedPayloads(NUMBER))
                    .containsExactly(new AccountOpenedEvent(NUMBER, FIRST_ID.toString(), "BRL", 500));
        }

        @Test
        void deposits_and_withdrawals_answer_with_the_new_balance_and_the_sequence_they_wrote() {
            service.createAccount(NUMBER, 500, "BRL");

            assertThat(service.deposit(NUMBER, 250, "BRL"))
                    .isEqualTo(new AccountState(NUMBER, FIRST_ID.toString(), 750, "BRL", 1));
            assertThat(service.withdraw(NUMBER, 750, "BRL"))
                    .isEqualTo(new AccountState(NUMBER, FIRST_ID.toString(), 0, "BRL", 2));
            assertThat(storedPayloads(NUMBER))
                    .containsExactly(
                            new AccountOpenedEvent(NUMBER, FIRST_ID.toString(), "BRL", 500),
                            new MoneyDepositedEvent(NUMBER, 250, "BRL", 750),
                            new MoneyWithdrawnEvent(NUMBER, 750, "BRL", 0));
        }

        @Test
        void a_refused_withdrawal_reaches_the_caller_as_a_command_failure_and_changes_nothing() {
            service.createAccount(NUMBER, 500, "BRL");

            assertThatThrownBy(() -> service.withdraw(NUMBER, 501, "BRL"))
                    .asInstanceOf(type(CommandExecutionException.class))
                    .extracting(failed -> failed.getDetails().orElseThrow())
                    .isEqualTo(new CommandFailure(
                            "INSUFFICIENT_FUNDS", "Insufficient funds: balance is 500, requested 501 BRL."));
            assertThat(storedPayloads(NUMBER)).hasSize(1);
        }

        @Test
        void a_deposit_to_an_unknown_account_reaches_the_caller_as_account_not_found() {
            assertThatThrownBy(() -> service.deposit(NUMBER, 1, "BRL"))
                    .asInstanceOf(type(CommandExecutionException.class))
                    .extracting(failed -> failed.getDetails().orElseThrow())
                    .isEqualTo(new CommandFailure("ACCOUNT_NOT_FOUND", "Account with number 000123456 not found."));
        }
    }

    /** A gateway whose every command goes unanswered, as {@link CommandGateway} documents for a timeout. */
    @Nested
    class WithAGatewayThatNeverAnswers {

        private final SilentCommandGateway gateway = new SilentCommandGateway();
        private final AccountCommandService service =
                new AccountCommandService(gateway, () -> FIRST_ID, Duration.ofMillis(1_500));

        @Test
        void an_unanswered_creation_is_reported_as_timed_out() {
            assertThatThrownBy(() -> service.createAccount(NUMBER, 0, "BRL"))
                    .isInstanceOf(CommandTimedOut.class)
                    .hasMessage("OpenAccountCommand got no answer within PT1.5S");
            assertThat(gateway.sent).containsExactly(new OpenAccountCommand(NUMBER, FIRST_ID.toString(), 0, "BRL"));
        }

        @Test
        void an_unanswered_deposit_is_reported_as_timed_out() {
            assertThatThrownBy(() -> service.deposit(NUMBER, 10, "BRL"))
                    .isInstanceOf(CommandTimedOut.class)
                    .hasMessage("DepositMoneyCommand got no answer within PT1.5S");
            assertThat(gateway.sent).containsExactly(new DepositMoneyCommand(NUMBER, 10, "BRL"));
        }

        @Test
        void an_unanswered_withdrawal_is_reported_as_timed_out() {
            assertThatThrownBy(() -> service.withdraw(NUMBER, 10, "BRL"))
                    .isInstanceOf(CommandTimedOut.class)
                    .hasMessage("WithdrawMoneyCommand got no answer within PT1.5S");
            assertThat(gateway.sent).containsExactly(new WithdrawMoneyCommand(NUMBER, 10, "BRL"));
        }

        @Test
        void the_gateway_waits_as_long_as_the_configured_timeout() {
            assertThatThrownBy(() -> service.deposit(NUMBER, 10, "BRL")).isInstanceOf(CommandTimedOut.class);
            assertThat(gateway.timeoutsMs).containsExactly(1_500L);
        }
    }

    @Nested
    class WithAGatewayThatFails {

        @Test
        void a_refused_stream_creation_is_reported_as_an_existing_account() {
            var taken = new AggregateStreamCreationException("Cannot reuse aggregate identifier [000123456]");
            var service = new AccountCommandService(new ThrowingCommandGateway(taken), () -> FIRST_ID, TIMEOUT);

            assertThatThrownBy(() -> service.createAccount(NUMBER, 0, "BRL"))
                    .isInstanceOf(AccountAlreadyExists.class)
                    .hasMessage("Account with number 000123456 already exists.");
        }

        @Test
        void only_a_refused_stream_creation_means_the_account_exists() {
            // A concurrency failure is not proof of a duplicate number, so it must not be reported as one.
            var conflict = new ConcurrencyException("append conflict");
            var service = new AccountCommandService(new ThrowingCommandGateway(conflict), () -> FIRST_ID, TIMEOUT);

            // It is a lost race, retried like any other (here: one attempt), never AccountAlreadyExists.
            assertThatThrownBy(() -> service.createAccount(NUMBER, 0, "BRL"))
                    .isInstanceOf(ConcurrentUpdateExhausted.class)
                    .hasCause(conflict);
        }
    }

    /** Axon's own gateway in front of an asynchronous bus that accepts commands and never answers them. */
    @Nested
    class WithAxonsGatewayOnABusThatNeverAnswers {

        @Test
        void a_command_unanswered_by_an_asynchronous_bus_is_reported_as_timed_out() {
            var commandBus = neverAnsweringBus();
            var service = new AccountCommandService(
                    DefaultCommandGateway.builder().commandBus(commandBus).build(),
                    () -> FIRST_ID,
                    Duration.ofMillis(50));

            assertThatThrownBy(() -> service.deposit(NUMBER, 10, "BRL")).isInstanceOf(CommandTimedOut.class);
        }

        @Test
        void axons_default_gateway_reports_a_timeout_as_an_exception_rather_than_as_null() {
            // Pins why the service maps an exception, not null: the gateway's contract says null, it throws.
            CommandGateway gateway = DefaultCommandGateway.builder()
                    .commandBus(neverAnsweringBus())
                    .build();

            assertThatThrownBy(() ->
                            gateway.sendAndWait(new DepositMoneyCommand(NUMBER, 10, "BRL"), 50, TimeUnit.MILLISECONDS))
                    .isInstanceOf(CommandExecutionException.class)
                    .hasCauseInstanceOf(TimeoutException.class);
        }
    }

    /** A bus with a handler for deposits whose executor drops every task, so no command is ever answered. */
    private static CommandBus neverAnsweringBus() {
        var commandBus = AsynchronousCommandBus.builder().executor(task -> {}).build();
        commandBus.subscribe(DepositMoneyCommand.class.getName(), message -> {
            throw new AssertionError("the executor drops every task, so no handler runs");
        });
        return commandBus;
    }

    /**
     * Refuses a second event with an aggregate id and sequence number already stored, the way a
     * relational event store's unique key does, with the exceptions Axon's JPA and JDBC engines raise.
     */
    private static final class UniqueKeyEventStorageEngine extends InMemoryEventStorageEngine {

        @Override
        public void appendEvents(List<? extends EventMessage<?>> events) {
            for (EventMessage<?> event : events) {
                if (event instanceof DomainEventMessage<?> domainEvent
                        && readEvents(domainEvent.getAggregateIdentifier(), domainEvent.getSequenceNumber())
                                .hasNext()) {
                    if (domainEvent.getSequenceNumber() == 0) {
                        throw new AggregateStreamCreationException(
                                "Cannot reuse aggregate identifier [" + domainEvent.getAggregateIdentifier() + "]");
                    }
                    throw new ConcurrencyException("sequence already taken");
                }
            }
            super.appendEvents(events);
        }
    }

    /** Records what it is asked to send and answers nothing, like a gateway whose timeout expired. */
    private static final class SilentCommandGateway extends UnusedCommandGateway {

        final List<Object> sent = new ArrayList<>();
        final List<Long> timeoutsMs = new ArrayList<>();

        @Override
        public <R> R sendAndWait(Object command, long timeout, TimeUnit unit) {
            sent.add(command);
            timeoutsMs.add(unit.toMillis(timeout));
            return null;
        }
    }

    private static final class ThrowingCommandGateway extends UnusedCommandGateway {

        private final RuntimeException failure;

        ThrowingCommandGateway(RuntimeException failure) {
            this.failure = failure;
        }

        @Override
        public <R> R sendAndWait(Object command, long timeout, TimeUnit unit) {
            throw failure;
        }
    }

    /** The gateway methods the service does not use; calling one is a test failure. */
    private abstract static class UnusedCommandGateway implements CommandGateway {

        @Override
        public <C, R> void send(C command, CommandCallback<? super C, ? super R> callback) {
            throw new UnsupportedOperationException("not used by AccountCommandService");
        }

        @Override
        public <R> R sendAndWait(Object command) {
            throw new UnsupportedOperationException("AccountCommandService must always pass its timeout");
        }

        @Override
        public <R> CompletableFuture<R> send(Object command) {
            throw new UnsupportedOperationException("not used by AccountCommandService");
        }

        @Override
        public Registration registerDispatchInterceptor(
                MessageDispatchInterceptor<? super CommandMessage<?>> dispatchInterceptor) {
            throw new UnsupportedOperationException("not used by AccountCommandService");
        }
    }
}
