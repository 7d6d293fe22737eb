package io.bankcore.app.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.bankcore.app.web.ApiProblem.FieldError;
import io.bankcore.domain.AccountNotFound;
import io.bankcore.domain.AccountNumber;
import io.bankcore.query.audit.AccountHistory;
import io.bankcore.query.audit.AccountHistory.BalanceAt;
import io.bankcore.query.audit.AccountHistory.Entry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * An account's history from the event store itself, not from the read models: the audit trail
 * ({@code GET /accounts/{n}/events}) and, through {@code GET /accounts/{n}/balance?as_of=}, the
 * balance at a past instant. Checks run in the contract's order: query parameters (422), account
 * number (400), unknown account (404).
 */
@RestController
@Tag(name = "audit")
class AuditController {

    private static final int MAX_AS_OF_LENGTH = 64;

    private final AccountHistory history;

    AuditController(AccountHistory history) {
        this.history = history;
    }

    @Schema(name = "AccountEvent")
    record AccountEvent(
            @JsonProperty("sequence_number")
            @Schema(description = "the event's position in the account's stream, from 0")
            long sequenceNumber,

            @JsonProperty("event_type") @Schema(example = "MoneyDepositedEvent")
            String eventType,

            @JsonProperty("occurred_at") @Schema(example = "2026-01-12T21:13:49.684949Z")
            String occurredAt,

            @JsonProperty("correlation_id")
            @Schema(nullable = true, description = "the transfer's id for a transfer's events, else null")
            String correlationId,

            @JsonProperty("payload") @Schema(description = "the event as stored (its own camelCase field names)")
            Object payload,

            @JsonProperty("metadata") @Schema(description = "the event message's metadata (trace and correlation ids)")
            Map<String, Object> metadata) {}

    @Schema(name = "BalanceAsOf")
    record BalanceAsOf(
            @JsonProperty("account_number") String accountNumber,
            @JsonProperty("balance_cents") long balanceCents,
            @JsonProperty("currency") String currency,

            @JsonProperty("as_of")
            @Schema(example = "2026-01-12T21:13:49Z", description = "the requested instant, in UTC")
            String asOf,

            @JsonProperty("available_balance_cents") long availableBalanceCents,
            @JsonProperty("reserved_cents") long reservedCents,

            @JsonProperty("status") @Schema(allowableValues = {"ACTIVE", "FROZEN", "CLOSED"})
            String status) {}

    @GetMapping("/accounts/{accountNumber}/events")
    @Operation(
            summary = "An account's audit trail: every event in its event stream, oldest first",
            description = "Read from the event store (not from the read models), always from the first event"
                    + " (sequence 0), whatever snapshots exist. Paged: at most `limit` events (1-1000, default"
                    + " 100). When later events exist, the `Link` header holds the next page's URL"
                    + " (rel=\"next\"), with its `cursor` (the next page's first sequence number).")
    @ApiResponse(
            responseCode = "200",
            description = "Events, oldest first",
            headers = @Header(name = "Link", description = "the next (later) page, when there is one"),
            content = @Content(array = @ArraySchema(schema = @Schema(implementation = AccountEvent.class))))
    ResponseEntity<List<AccountEvent>> events(
            @PathVariable String accountNumber,
            @RequestParam(value = "limit", required = false) String limit,
            @RequestParam(value = "cursor", required = false) String cursor) {
        int pageSize = Paging.pageSize(limit);
        Long cursorSequence = Paging.cursor(cursor);
        long from = cursorSequence == null ? 0L : cursorSequence;
        var number = AccountNumber.of(accountNumber);
        Tenancy.require(number);

        AccountHistory.Page page = history.page(number.value(), from, pageSize);
        if (!page.accountExists()) {
            throw new AccountNotFound(number.value());
        }
        return Paging.withNext("/accounts/{n}/events", number.value(), pageSize, page.nextSequence())
                .body(page.entries().stream().map(AuditController::event).toList());
    }

    /**
     * {@code GET /accounts/{n}/balance?as_of=}: served by {@link AccountController#balance}, which
     * hands the request here when {@code as_of} is present.
     */
    static BalanceAsOf balanceAsOf(AccountHistory history, String accountNumber, String asOf) {
        Instant instant = instant(asOf);
        var number = AccountNumber.of(accountNumber);
        Tenancy.require(number);
        String at = DateTimeFormatter.ISO_INSTANT.format(instant);

        BalanceAt balance = history.balanceAsOf(number.value(), instant).orElse(null);
        if (balance == null) {
            if (!history.exists(number.value())) {
                throw new AccountNotFound(number.value());
            }
            throw new ApiProblem(
                    ProblemCode.ACCOUNT_NOT_FOUND,
                    "Account with number " + number.value() + " did not exist at " + at + ".");
        }
        return new BalanceAsOf(
                balance.accountNumber(),
                balance.balanceMinor(),
                balance.currency(),
                at,
                balance.availableMinor(),
                balance.reservedMinor(),
                balance.status());
    }

    /** ISO-8601 with a zone: {@code 2026-01-12T21:13:49Z} or {@code 2026-01-12T21:13:49.5-03:00}. */
    static Instant instant(String asOf) {
        String text = asOf.strip();
        if (!text.isEmpty() && text.length() <= MAX_AS_OF_LENGTH) {
            try {
                return parse(text);
            } catch (DateTimeException notIso) {
                // An unencoded '+' of an offset arrives as a space: accept it as the client meant it.
                if (text.indexOf(' ') > 0) {
                    try {
                        return parse(text.replace(' ', '+'));
                    } catch (DateTimeException stillNotIso) {
                        // refused below
                    }
                }
            }
        }
        throw ApiProblem.invalid(List.of(
                new FieldError("as_of", "must be an ISO-8601 date-time with a zone, such as 2026-01-12T21:13:49Z")));
    }

    private static Instant parse(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException notInstant) {
            return OffsetDateTime.parse(text).toInstant();
        }
    }

    private static AccountEvent event(Entry entry) {
        return new AccountEvent(
                entry.sequenceNumber(),
                entry.eventType(),
                Paging.iso(entry.occurredAt()),
                entry.correlationId(),
                entry.payload(),
                entry.metadata());
    }
}
