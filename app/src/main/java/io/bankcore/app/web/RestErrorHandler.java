package io.bankcore.app.web;

import io.bankcore.api.CommandFailure;
import io.bankcore.command.CommandTimedOut;
import io.bankcore.command.CommitOutcomeUnknown;
import io.bankcore.command.ConcurrentUpdateExhausted;
import io.bankcore.command.DatabaseUnavailable;
import io.bankcore.command.PipelineOverloaded;
import io.bankcore.domain.DomainException;
import io.bankcore.domain.TransferBatchRefused;
import jakarta.servlet.http.HttpServletRequest;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import java.util.Optional;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springdoc.api.OpenApiResourceNotFoundException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * The one place where failures become HTTP answers. Domain refusals keep their code; Spring MVC's
 * own failures (unknown route, wrong method, ...) get the same problem shape; anything else is a bug,
 * logged with its stack trace and answered as a generic 500 that leaks nothing.
 */
@RestControllerAdvice
class RestErrorHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(RestErrorHandler.class);

    private final AxonServerOutage axonServerOutage;

    RestErrorHandler(@Value("${axon.axonserver.enabled:false}") boolean axonServer) {
        this.axonServerOutage = new AxonServerOutage(axonServer);
    }

    /**
     * The answer to a business refusal: a 4xx that the same request, sent again, would only get again
     * (what an idempotency key stores). Empty for any other failure: a lost race, an overload, a bug.
     */
    Optional<ResponseEntity<Object>> refusal(Throwable failure, HttpServletRequest request) {
        if (!isRefusal(failure)) {
            return Optional.empty();
        }
        ResponseEntity<Object> answer = null;
        ProblemCode code = null;
        if (failure instanceof ApiProblem problem) {
            code = problem.code();
            answer = apiProblem(problem, request);
        } else if (failure instanceof DomainException refused) {
            code = ProblemCode.of(refused.code());
            answer = refused(refused, request);
        } else if (failure instanceof CommandExecutionException failed
                && failed.getDetails().orElse(null) instanceof CommandFailure detail) {
            code = ProblemCode.valueOf(detail.code());
            answer = commandFailed(failed, request);
        }
        if (code == null || code.retryable() || !code.status().is4xxClientError()) {
            return Optional.empty();
        }
        return Optional.of(answer);
    }

    /** Whether {@link #refusal} has an answer for the failure. */
    boolean isRefusal(Throwable failure) {
        ProblemCode code = null;
        if (failure instanceof ApiProblem problem) {
            code = problem.code();
        } else if (failure instanceof DomainException refused) {
            code = ProblemCode.of(refused.code());
        } else if (failure instanceof CommandExecutionException failed
                && failed.getDetails().orElse(null) instanceof CommandFailure detail) {
            code = ProblemCode.valueOf(detail.code());
        }
        return code != null && !code.retryable() && code.status().is4xxClientError();
    }

    /** The write pipeline's queue was full, or the write waited too long for a writer: nothing was done. */
    @ExceptionHandler(PipelineOverloaded.class)
    ResponseEntity<Object> pipelineOverloaded(PipelineOverloaded overloaded, HttpServletRequest request) {
        return overloaded(overloaded, request);
    }

    @ExceptionHandler(ApiProblem.class)
    ResponseEntity<Object> apiProblem(ApiProblem problem, HttpServletRequest request) {
        return Problems.response(
                problem.code(), problem.getMessage(), request.getRequestURI(), problem.errors(), problem.extensions());
    }

    @ExceptionHandler(DomainException.class)
    ResponseEntity<Object> refused(DomainException refused, HttpServletRequest request) {
        if (refused instanceof TransferBatchRefused batch) {
            var results = batch.results().stream()
                    .map(r -> r == null
                            ? CommandFailure.APPLIED_NOTHING
                            : r.code().name())
                    .toList();
            return batchRefused(batch.detail(), batch.failedIndex(), results, request);
        }
        return Problems.response(ProblemCode.of(refused.code()), refused.detail(), request.getRequestURI(), List.of());
    }

    /**
     * A refused atomic batch: the status its first refused transfer would get alone, that transfer's
     * place ({@code failed_index}) and, per transfer, {@code APPLIED_NOTHING} or its own refusal's code.
     */
    private static ResponseEntity<Object> batchRefused(
            String detail, int failedIndex, List<String> results, HttpServletRequest request) {
        var extensions = new java.util.LinkedHashMap<String, Object>();
        extensions.put("failed_index", failedIndex);
        extensions.put("results", results);
        return Problems.response(
                ProblemCode.BATCH_REFUSED,
                ProblemCode.valueOf(results.get(failedIndex)).status(),
                detail,
                request.getRequestURI(),
                List.of(),
                extensions);
    }

    @ExceptionHandler(CommandExecutionException.class)
    ResponseEntity<Object> commandFailed(CommandExecutionException failed, HttpServletRequest request) {
        Optional<CommandFailure> failure =
                failed.getDetails().filter(CommandFailure.class::isInstance).map(CommandFailure.class::cast);
        if (failure.isPresent()
                && failure.get().results() != null
                && failure.get().failedIndex() != null) {
            return batchRefused(
                    failure.get().detail(),
                    failure.get().failedIndex(),
                    failure.get().results(),
                    request);
        }
        if (failure.isPresent()) {
            return Problems.response(
                    ProblemCode.valueOf(failure.get().code()),
                    failure.get().detail(),
                    request.getRequestURI(),
                    List.of());
        }
        return unexpected(failed, request);
    }

    @ExceptionHandler(ConcurrentUpdateExhausted.class)
    ResponseEntity<Object> conflictsExhausted(ConcurrentUpdateExhausted exhausted, HttpServletRequest request) {
        return Problems.response(
                ProblemCode.CONCURRENT_UPDATE,
                "Account " + exhausted.aggregateId() + " was updated concurrently " + exhausted.attempts()
                        + " times in a row; nothing was changed. Retry the request.",
                request.getRequestURI(),
                List.of());
    }

    @ExceptionHandler(ConcurrencyException.class)
    ResponseEntity<Object> conflict(ConcurrencyException conflict, HttpServletRequest request) {
        log.debug("concurrent update not resolved by retries: {}", conflict.getMessage());
        return Problems.response(
                ProblemCode.CONCURRENT_UPDATE,
                "The account was updated concurrently; retry the request.",
                request.getRequestURI(),
                List.of());
    }

    @ExceptionHandler(CommandTimedOut.class)
    ResponseEntity<Object> timedOut(CommandTimedOut timedOut, HttpServletRequest request) {
        log.warn("{} {}: {}", request.getMethod(), request.getRequestURI(), timedOut.getMessage());
        return Problems.response(
                ProblemCode.TIMEOUT,
                "The operation got no answer in time; its outcome is unknown. Check the account before retrying.",
                request.getRequestURI(),
                List.of());
    }

    /** An OpenAPI group that does not exist ({@code /openapi.json/{group}}) is simply not a route. */
    @ExceptionHandler(OpenApiResourceNotFoundException.class)
    ResponseEntity<Object> noSuchApiGroup(OpenApiResourceNotFoundException missing, HttpServletRequest request) {
        return Problems.response(
                ProblemCode.ROUTE_NOT_FOUND, "No OpenAPI document at this path.", request.getRequestURI(), List.of());
    }

    /** The database went away before the write committed (a restart, a failover): nothing was done. */
    @ExceptionHandler(DatabaseUnavailable.class)
    ResponseEntity<Object> databaseUnavailable(DatabaseUnavailable unavailable, HttpServletRequest request) {
        return databaseUnavailable((Exception) unavailable, request);
    }

    /** The connection was lost during the commit: whether the write was kept is unknown. */
    @ExceptionHandler(CommitOutcomeUnknown.class)
    ResponseEntity<Object> commitOutcomeUnknown(CommitOutcomeUnknown unknown, HttpServletRequest request) {
        log.warn("{} {}: {}", request.getMethod(), request.getRequestURI(), unknown.getMessage());
        return Problems.response(
                ProblemCode.TIMEOUT,
                "The database connection was lost while the write committed; whether it was kept is unknown."
                        + " Send it again with the same Idempotency-Key (or check the account) before retrying.",
                request.getRequestURI(),
                List.of());
    }

    private ResponseEntity<Object> databaseUnavailable(Exception failure, HttpServletRequest request) {
        log.warn("{} {}: database unavailable: {}", request.getMethod(), request.getRequestURI(), failure.toString());
        return retryLater(
                ProblemCode.UNAVAILABLE,
                "The database could not be reached; nothing was done. Retry after a second.",
                request);
    }

    /** A 503 that tells the client to send the request again after {@code Retry-After}. */
    private static ResponseEntity<Object> retryLater(ProblemCode code, String detail, HttpServletRequest request) {
        return ResponseEntity.status(code.status())
                .header(HttpHeaders.RETRY_AFTER, AdmissionFilter.RETRY_AFTER_SECONDS)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(Problems.body(code, detail, request.getRequestURI(), List.of()));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception failure, HttpServletRequest request) {
        if (noConnection(failure)) {
            return overloaded(failure, request);
        }
        if (DatabaseUnavailable.isConnectionFailure(failure)) {
            return databaseUnavailable(failure, request);
        }
        Optional<String> outage = axonServerOutage.recognise(failure);
        if (outage.isPresent()) {
            return axonServerUnavailable(outage.get(), request);
        }
        log.error("unhandled failure on {} {}", request.getMethod(), request.getRequestURI(), failure);
        return Problems.response(
                ProblemCode.INTERNAL_ERROR, "An internal error occurred.", request.getRequestURI(), List.of());
    }

    /**
     * No database connection within the pool's timeout. A write's transaction is what takes the
     * connection, before any of it runs, and nothing reads the database after a write has committed,
     * so such a request changed nothing: it is an overload, safe to send again, never a 500.
     */
    private ResponseEntity<Object> overloaded(Exception failure, HttpServletRequest request) {
        log.warn(
                "{} {}: no database connection in time: {}",
                request.getMethod(),
                request.getRequestURI(),
                failure.toString());
        return retryLater(
                ProblemCode.OVERLOADED, "The service is overloaded; nothing was done. Retry after a second.", request);
    }

    /**
     * Axon Server could not be reached or could not route the message. A refused connection means the
     * message never left; a connection lost while a write was in flight leaves its outcome unknown, as
     * for {@code TIMEOUT} (the README says so). Logged without the stack: the connector logs the cause.
     */
    private ResponseEntity<Object> axonServerUnavailable(String sign, HttpServletRequest request) {
        log.warn("{} {}: Axon Server unavailable ({})", request.getMethod(), request.getRequestURI(), sign);
        return retryLater(
                ProblemCode.UNAVAILABLE,
                "Axon Server is unavailable (" + sign + "); the request could not be carried out. Retry later.",
                request);
    }

    static boolean noConnection(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof CannotCreateTransactionException
                    || t instanceof CannotGetJdbcConnectionException
                    || t instanceof SQLTransientConnectionException) {
                return true;
            }
        }
        return false;
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(
            Exception ex, Object body, HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
        var code = forStatus(statusCode.value());
        var detail = body instanceof org.springframework.http.ProblemDetail pd && pd.getDetail() != null
                ? pd.getDetail()
                : code.title();
        var instance =
                request instanceof ServletWebRequest swr ? swr.getRequest().getRequestURI() : null;
        var response = Problems.response(code, detail, instance, List.of());
        return ResponseEntity.status(statusCode)
                .headers(headers)
                .contentType(response.getHeaders().getContentType())
                .body(response.getBody());
    }

    static ProblemCode forStatus(int status) {
        return switch (status) {
            case 404 -> ProblemCode.ROUTE_NOT_FOUND;
            case 405 -> ProblemCode.METHOD_NOT_ALLOWED;
            case 406 -> ProblemCode.NOT_ACCEPTABLE;
            case 413 -> ProblemCode.PAYLOAD_TOO_LARGE;
            case 415 -> ProblemCode.UNSUPPORTED_MEDIA_TYPE;
            case 422 -> ProblemCode.INVALID_REQUEST;
            default -> status >= 500 ? ProblemCode.INTERNAL_ERROR : ProblemCode.BAD_REQUEST;
        };
    }
}
