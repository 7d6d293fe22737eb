package io.bankcore.app.web;

import io.bankcore.domain.ErrorCode;
import org.springframework.http.HttpStatus;

/**
 * Every {@code code} an error body can carry, with its HTTP status: the domain's refusals (same names
 * as {@link ErrorCode}) plus the protocol-level failures that only the HTTP adapter knows.
 */
public enum ProblemCode {
    INVALID_REQUEST(HttpStatus.UNPROCESSABLE_CONTENT, "Invalid request"),
    INVALID_AMOUNT(HttpStatus.UNPROCESSABLE_CONTENT, "Invalid amount"),
    INVALID_CURRENCY(HttpStatus.UNPROCESSABLE_CONTENT, "Invalid currency"),
    INVALID_ACCOUNT_NUMBER(HttpStatus.BAD_REQUEST, "Invalid account number"),
    SAME_ACCOUNT(HttpStatus.BAD_REQUEST, "Same account"),
    ACCOUNT_NOT_FOUND(HttpStatus.NOT_FOUND, "Account not found"),
    ACCOUNT_ALREADY_EXISTS(HttpStatus.CONFLICT, "Account already exists"),
    CURRENCY_MISMATCH(HttpStatus.BAD_REQUEST, "Currency mismatch"),
    INSUFFICIENT_FUNDS(HttpStatus.BAD_REQUEST, "Insufficient funds"),
    BALANCE_OVERFLOW(HttpStatus.UNPROCESSABLE_CONTENT, "Balance overflow"),
    CONCURRENT_UPDATE(HttpStatus.CONFLICT, "Concurrent update"),
    TRANSFER_ABORTED(HttpStatus.CONFLICT, "Transfer aborted"),
    TRANSFER_NOT_FOUND(HttpStatus.NOT_FOUND, "Transfer not found"),
    TRANSFER_NOT_PENDING(HttpStatus.CONFLICT, "Transfer not pending"),
    TRANSFER_NOT_COMPLETED(HttpStatus.CONFLICT, "Transfer not completed"),
    REVERSAL_EXCEEDS_TRANSFER(HttpStatus.CONFLICT, "Reversal exceeds transfer"),
    ACCOUNT_CLOSED(HttpStatus.CONFLICT, "Account closed"),
    ACCOUNT_FROZEN(HttpStatus.CONFLICT, "Account frozen"),
    ACCOUNT_NOT_EMPTY(HttpStatus.CONFLICT, "Account not empty"),
    /** Answered with the status of the batch's first refused transfer; 409 is only its default. */
    BATCH_REFUSED(HttpStatus.CONFLICT, "Batch refused"),
    UNAUTHENTICATED(HttpStatus.UNAUTHORIZED, "Unauthenticated"),
    FORBIDDEN(HttpStatus.FORBIDDEN, "Forbidden"),
    AUTH_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "Authentication unavailable"),
    RATE_LIMITED(HttpStatus.TOO_MANY_REQUESTS, "Rate limited"),
    API_KEY_NOT_FOUND(HttpStatus.NOT_FOUND, "API key not found"),
    WEBHOOK_NOT_FOUND(HttpStatus.NOT_FOUND, "Webhook endpoint not found"),
    EVENT_NOT_FOUND(HttpStatus.NOT_FOUND, "Event not found"),
    INVALID_IDEMPOTENCY_KEY(HttpStatus.BAD_REQUEST, "Invalid idempotency key"),
    IDEMPOTENCY_KEY_REUSED(HttpStatus.UNPROCESSABLE_CONTENT, "Idempotency key reused"),
    IDEMPOTENCY_KEY_IN_USE(HttpStatus.CONFLICT, "Idempotency key in use"),
    REPLAY_RUNNING(HttpStatus.CONFLICT, "Replay already running"),
    REPLAY_NOT_FOUND(HttpStatus.NOT_FOUND, "Replay not found"),
    AUDIT_NOT_RUN(HttpStatus.NOT_FOUND, "No audit report"),
    ROUTE_NOT_FOUND(HttpStatus.NOT_FOUND, "Not found"),
    METHOD_NOT_ALLOWED(HttpStatus.METHOD_NOT_ALLOWED, "Method not allowed"),
    NOT_ACCEPTABLE(HttpStatus.NOT_ACCEPTABLE, "Not acceptable"),
    UNSUPPORTED_MEDIA_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type"),
    PAYLOAD_TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE, "Payload too large"),
    BAD_REQUEST(HttpStatus.BAD_REQUEST, "Bad request"),
    TIMEOUT(HttpStatus.SERVICE_UNAVAILABLE, "Timed out"),
    OVERLOADED(HttpStatus.SERVICE_UNAVAILABLE, "Overloaded"),
    NOT_AVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "Not available in this configuration"),
    UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "Unavailable"),
    INTERNAL_ERROR(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error");

    private final HttpStatus status;
    private final String title;

    ProblemCode(HttpStatus status, String title) {
        this.status = status;
        this.title = title;
    }

    public static ProblemCode of(ErrorCode code) {
        return valueOf(code.name());
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
    }

    /** True when the same request, sent again unchanged, may succeed. */
    public boolean retryable() {
        return this == CONCURRENT_UPDATE
                || this == TRANSFER_ABORTED
                || this == OVERLOADED
                || this == IDEMPOTENCY_KEY_IN_USE
                || this == AUTH_UNAVAILABLE
                || this == RATE_LIMITED
                || this == UNAVAILABLE;
    }

    /** The problem {@code type}: a stable URN derived from the code. */
    public String type() {
        return "urn:bankcore:problem:"
                + name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
