package io.bankcore.app.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.bankcore.app.events.AccountTrail;
import io.bankcore.app.events.EventLog;
import io.bankcore.domain.AccountNotFound;
import io.bankcore.domain.AccountNumber;
import io.bankcore.query.audit.AccountHistory;
import io.bankcore.query.audit.AccountHistory.BalanceAt;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.node.ObjectNode;

/**
 * An account's history from the event store itself, not from the read models: the audit trail
 * ({@code GET /accounts/{n}/events}) and, through {@code GET /accounts/{n}/balance?as_of=}, the
 * balance at a past instant. Checks run in the contract's order: query parameters (422), account
 * number (400), unknown account (404).
 */
@RestController
@Tag(name = "audit")
class AuditController {

    private final AccountHistory history;
    private final AccountTrail trail;

    AuditController(
            AccountHistory history,
            @Qualifier("eventSerializer") Serializer eventSerializer,
            ObjectProvider<EventLog> eventLog) {
        this.history = history;
        this.trail = new AccountTrail(eventSerializer, eventLog.getIfAvailable());
    }

    @Schema(
            name = "AccountEvent",
            description = "An event of the feed's public shape (Event), with its place in the account's stream and"
                    + " who caused it",
            allOf = EventFeedController.EventDoc.class)
    record AccountEvent(
            @JsonProperty("sequence_number")
            @Schema(description = "the event's position in the account's stream, from 0")
            long sequenceNumber,

            @JsonProperty("principal")
            @Schema(
                    nullable = true,
                    example = "key:3f1c9a",
                    description = "the client whose request caused the event (key:<id> or jwt:<subject>);"
                            + " null when none did (an expiry) or authentication is off")
            String principal) {}

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
            @JsonProperty("overdraft_limit_cents") long overdraftLimitCents,

            @JsonProperty("status") @Schema(allowableValues = {"ACTIVE", "FROZEN", "CLOSED"})
            String status) {}

    @GetMapping("/accounts/{accountNumber}/events")
    @Operation(
            summary = "An account's audit trail: every event in its event stream, oldest first",
            description = "Read from the event store (not from the read models), always from the first event"
                    + " (sequence 0), whatever snapshots exist. Each event has the feed's public shape (as in"
                    + " GET /events) with its `sequence_number` and `principal`; `position` is null under Axon"
                    + " Server. Paged: at most `limit` events (1-1000, default 100). When later events exist,"
                    + " the `Link` header holds the next page's URL (rel=\"next\"), with its `cursor` (the next"
                    + " page's first sequence number).")
    @ApiResponse(
            responseCode = "200",
            description = "Events, oldest first",
            headers = @Header(name = "Link", description = "the next (later) page, when there is one"),
            content = @Content(array = @ArraySchema(schema = @Schema(implementation = AccountEvent.class))))
    ResponseEntity<List<ObjectNode>> events(
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
                .body(trail.render(number.value(), page.entries()));
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
                balance.overdraftLimitMinor(),
                balance.status());
    }

    /** ISO-8601 with a zone: {@code 2026-01-12T21:13:49Z} or {@code 2026-01-12T21:13:49.5-03:00}. */
    static Instant instant(String asOf) {
        var filters = new QueryFilters();
        Instant instant = filters.instant("as_of", asOf);
        filters.validate();
        return instant;
    }
}
