package io.bankcore.app.web;

import io.axoniq.axonserver.connector.ErrorCategory;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import java.util.Optional;
import java.util.Set;
import org.axonframework.axonserver.connector.AxonServerException;
import org.axonframework.axonserver.connector.command.AxonServerCommandDispatchException;
import org.axonframework.axonserver.connector.query.AxonServerQueryDispatchException;
import org.axonframework.commandhandling.NoHandlerForCommandException;
import org.axonframework.queryhandling.NoHandlerForQueryException;

/**
 * Recognises, in a failure's cause chain, that Axon Server could not be reached or could not route the
 * message: what becomes 503 {@code UNAVAILABLE}. The shapes, as the connector (Axon 4.13, connector
 * 2025.2) produces them:
 *
 * <ul>
 *   <li>gRPC's {@code UNAVAILABLE} status (no connection, connection refused or lost), whether bare or
 *       inside the connector's {@code StreamClosedException}, an {@code EventStoreException}, ...;
 *   <li>the connector's {@code io.axoniq.axonserver.connector.AxonServerException} with a dispatch or
 *       connection category ({@code [AXONIQ-4003] Received exception while dispatching command});
 *   <li>Axon's {@code AxonServerException}, {@code AxonServerCommandDispatchException} and
 *       {@code AxonServerQueryDispatchException} with the same codes;
 *   <li>with Axon Server only: no handler for a command or query ({@code AXONIQ-4000}/{@code -5000}),
 *       which is what Axon Server answers while no instance holding the handlers is connected. Without
 *       Axon Server a missing handler is a wiring bug, and stays a 500.
 * </ul>
 *
 * Error codes that mean "the server refused this message" (an append conflict, {@code AXONIQ-2000}, or
 * a handler's own failure, {@code AXONIQ-4002}) are not outages and are left to the other mappings.
 */
final class AxonServerOutage {

    /** Axon Server's codes for "could not route or reach": the same in Axon's and the connector's enums. */
    static final Set<String> UNREACHABLE_CODES = Set.of(
            "AXONIQ-2100", // no event store leader available
            "AXONIQ-3001", // connection failed
            "AXONIQ-4003", // command dispatch error
            "AXONIQ-5002"); // query dispatch error

    private static final Set<ErrorCategory> UNREACHABLE_CATEGORIES = Set.of(
            ErrorCategory.NO_EVENT_STORE_MASTER_AVAILABLE,
            ErrorCategory.CONNECTION_FAILED,
            ErrorCategory.COMMAND_DISPATCH_ERROR,
            ErrorCategory.QUERY_DISPATCH_ERROR);

    private static final int MAX_DEPTH = 32;

    private final boolean axonServer;

    AxonServerOutage(boolean axonServer) {
        this.axonServer = axonServer;
    }

    /** What showed the outage (for the log), or empty when the failure is something else. */
    Optional<String> recognise(Throwable failure) {
        int depth = 0;
        for (Throwable t = failure; t != null && depth < MAX_DEPTH; t = t.getCause() == t ? null : t.getCause()) {
            depth++;
            Optional<String> sign = sign(t);
            if (sign.isPresent()) {
                return sign;
            }
        }
        return Optional.empty();
    }

    private Optional<String> sign(Throwable t) {
        if (t instanceof StatusRuntimeException grpc && unavailable(grpc.getStatus())) {
            return Optional.of("gRPC " + grpc.getStatus().getCode());
        }
        if (t instanceof StatusException grpc && unavailable(grpc.getStatus())) {
            return Optional.of("gRPC " + grpc.getStatus().getCode());
        }
        if (t instanceof io.axoniq.axonserver.connector.AxonServerException connector
                && UNREACHABLE_CATEGORIES.contains(connector.getErrorCategory())) {
            return Optional.of(connector.getErrorCategory().errorCode());
        }
        if (t instanceof AxonServerException axon && UNREACHABLE_CODES.contains(axon.code())) {
            return Optional.of(axon.code());
        }
        if (t instanceof AxonServerCommandDispatchException command
                && UNREACHABLE_CODES.contains(command.getErrorCode())) {
            return Optional.of(command.getErrorCode());
        }
        if (t instanceof AxonServerQueryDispatchException query && UNREACHABLE_CODES.contains(query.code())) {
            return Optional.of(query.code());
        }
        if (axonServer && (t instanceof NoHandlerForCommandException || t instanceof NoHandlerForQueryException)) {
            return Optional.of(t.getClass().getSimpleName());
        }
        return Optional.empty();
    }

    private static boolean unavailable(Status status) {
        return status.getCode() == Status.Code.UNAVAILABLE;
    }
}
