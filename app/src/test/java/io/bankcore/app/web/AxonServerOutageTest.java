package io.bankcore.app.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.axoniq.axonserver.connector.ErrorCategory;
import io.axoniq.axonserver.connector.impl.StreamClosedException;
import io.grpc.Status;
import java.util.concurrent.CompletionException;
import org.axonframework.axonserver.connector.AxonServerException;
import org.axonframework.axonserver.connector.command.AxonServerCommandDispatchException;
import org.axonframework.axonserver.connector.query.AxonServerQueryDispatchException;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.NoHandlerForCommandException;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.queryhandling.NoHandlerForQueryException;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

/**
 * Axon Server's outage shapes, constructed as the connector builds them (Axon 4.13, connector 2025.2),
 * become 503 UNAVAILABLE, retryable; its refusals of a message (AXONIQ-2000, AXONIQ-4002) do not.
 */
class AxonServerOutageTest {

    private static final AxonServerOutage WITH_AXON_SERVER = new AxonServerOutage(true);
    private static final AxonServerOutage WITHOUT = new AxonServerOutage(false);

    private static RuntimeException unavailable() {
        return Status.UNAVAILABLE.withDescription("io exception").asRuntimeException();
    }

    @Test
    void a_command_sent_while_the_server_is_unreachable_is_an_outage() {
        // AxonServerCommandBus.dispatch: the connector's dispatch error, completed exceptionally.
        var failure = new CompletionException(new io.axoniq.axonserver.connector.AxonServerException(
                ErrorCategory.COMMAND_DISPATCH_ERROR,
                "Received exception while dispatching command",
                "bankcore-1",
                unavailable()));
        assertThat(WITH_AXON_SERVER.recognise(failure)).contains("AXONIQ-4003");
    }

    @Test
    void event_store_reads_and_head_tokens_without_a_connection_are_an_outage() {
        assertThat(WITH_AXON_SERVER.recognise(new StreamClosedException(unavailable())))
                .contains("gRPC UNAVAILABLE");
        assertThat(WITH_AXON_SERVER.recognise(new EventStoreException("UNAVAILABLE", unavailable())))
                .contains("gRPC UNAVAILABLE");
        assertThat(WITH_AXON_SERVER.recognise(Status.UNAVAILABLE.asException())).contains("gRPC UNAVAILABLE");
    }

    @Test
    void axon_s_dispatch_and_connection_exceptions_are_an_outage_by_their_codes() {
        assertThat(WITH_AXON_SERVER.recognise(new AxonServerCommandDispatchException(
                        "AXONIQ-4003",
                        "Exception while dispatching a command to AxonServer",
                        new IllegalStateException())))
                .contains("AXONIQ-4003");
        assertThat(WITH_AXON_SERVER.recognise(new AxonServerQueryDispatchException("AXONIQ-5002", "no connection")))
                .contains("AXONIQ-5002");
        assertThat(WITH_AXON_SERVER.recognise(new AxonServerException("AXONIQ-3001", "connection failed")))
                .contains("AXONIQ-3001");
        assertThat(WITH_AXON_SERVER.recognise(new AxonServerException("AXONIQ-2100", "no leader")))
                .contains("AXONIQ-2100");
    }

    @Test
    void no_handler_is_an_outage_with_axon_server_only() {
        var command = new NoHandlerForCommandException("No Handler for command: OpenAccountCommand");
        var query = new NoHandlerForQueryException("No handler for query: GetBalanceQuery");
        assertThat(WITH_AXON_SERVER.recognise(command)).contains("NoHandlerForCommandException");
        assertThat(WITH_AXON_SERVER.recognise(query)).contains("NoHandlerForQueryException");
        assertThat(WITHOUT.recognise(command)).isEmpty();
        assertThat(WITHOUT.recognise(query)).isEmpty();
    }

    @Test
    void refusals_of_the_message_and_other_failures_are_not_an_outage() {
        var taken = "OUT_OF_RANGE: [AXONIQ-2000] Invalid sequence number 0 for aggregate a-1, expected 1";
        assertThat(WITH_AXON_SERVER.recognise(
                        new CommandExecutionException(taken, new AxonServerException("AXONIQ-4002", taken), null)))
                .isEmpty();
        assertThat(WITH_AXON_SERVER.recognise(
                        new ConcurrencyException(taken, new AxonServerException("AXONIQ-2000", taken))))
                .isEmpty();
        assertThat(WITH_AXON_SERVER.recognise(new AxonServerException("AXONIQ-0001", "something else")))
                .isEmpty();
        assertThat(WITH_AXON_SERVER.recognise(Status.INVALID_ARGUMENT.asRuntimeException()))
                .isEmpty();
        assertThat(WITH_AXON_SERVER.recognise(new IllegalStateException("a bug")))
                .isEmpty();
    }

    @Test
    void an_outage_answers_503_unavailable_retryable_with_retry_after() {
        var request = new MockHttpServletRequest("POST", "/accounts");
        request.setRequestURI("/accounts");
        var answer = new RestErrorHandler(true)
                .unexpected(
                        new CompletionException(new io.axoniq.axonserver.connector.AxonServerException(
                                ErrorCategory.COMMAND_DISPATCH_ERROR, "dispatch", "bankcore-1", unavailable())),
                        request);
        assertThat(answer.getStatusCode().value()).isEqualTo(503);
        assertThat(answer.getHeaders().getFirst("Retry-After")).isNotBlank();
        var body = (java.util.Map<?, ?>) answer.getBody();
        assertThat(body.get("code")).isEqualTo("UNAVAILABLE");
        assertThat(body.get("retryable")).isEqualTo(true);
        assertThat(body.get("status")).isEqualTo(503);
        assertThat(ProblemCode.UNAVAILABLE.retryable()).isTrue();
    }
}
