package io.bankcore.app.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.bankcore.query.audit.LedgerAudit;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operator routes, under their own prefix {@value #PREFIX} and in their own OpenAPI group
 * ({@code /openapi.json/admin}); absent altogether (so every route is a 404) when
 * {@code bankcore.admin.enabled=false}.
 */
@RestController
@Tag(name = "admin")
@ConditionalOnProperty(prefix = "bankcore.admin", name = "enabled", havingValue = "true", matchIfMissing = true)
class AdminController {

    static final String PREFIX = "/admin";

    private final LedgerAudit audit;
    private final LastAudit lastAudit;

    AdminController(LedgerAudit audit, LastAudit lastAudit) {
        this.audit = audit;
        this.lastAudit = lastAudit;
    }

    @Schema(name = "AuditMismatch")
    record Mismatch(
            @JsonProperty("account_number") @Schema(nullable = true)
            String accountNumber,

            @JsonProperty("what") String what,

            @JsonProperty("expected") @Schema(nullable = true, description = "from the events")
            Object expected,

            @JsonProperty("actual") @Schema(nullable = true, description = "in the read tables")
            Object actual) {}

    @Schema(name = "AuditMoney")
    record Money(
            @JsonProperty("expected_cents")
            @Schema(description = "opening balances + deposits - withdrawals, from the events")
            long expected,

            @JsonProperty("actual_cents") @Schema(description = "the sum of account_balance in this currency")
            long actual,

            @JsonProperty("in_flight_cents") @Schema(description = "debited by transfers not yet credited or refunded")
            long inFlight) {}

    @Schema(name = "AuditReserved")
    record Reserved(
            @JsonProperty("reservations") @Schema(description = "open reservations (transfers RESERVED by the events)")
            int reservations,

            @JsonProperty("expected_cents")
            @Schema(description = "the amount the open reservations hold, from the events")
            long expected,

            @JsonProperty("actual_cents")
            @Schema(description = "what account_balance holds as reserved in this currency, summed")
            long actual) {}

    @Schema(name = "AuditGap")
    record Gap(
            @JsonProperty("from") long from,
            @JsonProperty("to") long to) {}

    @Schema(name = "AuditReport")
    record Report(
            @JsonProperty("accounts_checked") int accountsChecked,
            @JsonProperty("events_checked") long eventsChecked,

            @JsonProperty("mismatches") @Schema(description = "empty when the books agree")
            List<Mismatch> mismatches,

            @JsonProperty("money_per_currency") Map<String, Money> moneyPerCurrency,

            @JsonProperty("gaps")
            @Schema(
                    description = "missing positions of the event store (global_index ranges of the database's"
                            + " store; none with Axon Server): informational, rolled-back appends leave them;"
                            + " a skipped event shows as a mismatch")
            List<Gap> gaps,

            @JsonProperty("pending_transfers")
            @Schema(description = "transfer sagas in flight (not two-phase transfers: see open_reservations)")
            int pendingTransfers,

            @JsonProperty("duration_ms") long durationMs,

            @JsonProperty("open_reservations")
            @Schema(description = "two-phase transfers reserved and not yet posted, voided or expired")
            int openReservations,

            @JsonProperty("reserved_per_currency") Map<String, Reserved> reservedPerCurrency) {}

    @GetMapping(PREFIX + "/audit")
    @Operation(
            summary = "Verifies the books: every account's events folded and compared with the read models",
            description = "Folds the whole event store independently of the projections and compares it with"
                    + " account_balance, ledger_entry, transfer and transfer_reversal; checks that transfers balance,"
                    + " money per currency is conserved and no event was skipped; reservations (holds, their one"
                    + " end, reserved totals), overdraft limits, reversals and account statuses. The events are read"
                    + " through Axon's event store API up to the head when it starts, on any event store (the"
                    + " database's, Axon Server). `mismatches` is empty when all agree. 503 UNAVAILABLE while the"
                    + " event store cannot be reached.")
    Report audit() {
        LedgerAudit.Report report = audit.run();
        var money = new LinkedHashMap<String, Money>();
        report.moneyPerCurrency()
                .forEach((currency, m) -> money.put(currency, new Money(m.expected(), m.actual(), m.inFlight())));
        var reserved = new LinkedHashMap<String, Reserved>();
        report.reservedPerCurrency()
                .forEach((currency, r) ->
                        reserved.put(currency, new Reserved(r.reservations(), r.expected(), r.actual())));
        var answer = new Report(
                report.accountsChecked(),
                report.eventsChecked(),
                report.mismatches().stream()
                        .map(m -> new Mismatch(m.accountNumber(), m.what(), m.expected(), m.actual()))
                        .toList(),
                money,
                report.gaps().stream().map(g -> new Gap(g.from(), g.to())).toList(),
                report.pendingTransfers(),
                report.durationMs(),
                report.openReservations(),
                reserved);
        lastAudit.record(answer, Instant.now());
        return answer;
    }

    @GetMapping(PREFIX + "/audit/last")
    @Operation(
            summary = "The latest audit report this instance produced (kept in memory until a restart)",
            description = "The body of the last `GET /admin/audit` that ran here; `Last-Modified` says when it"
                    + " finished. 404 `AUDIT_NOT_RUN` when none has run since the instance started.")
    ResponseEntity<Report> lastAudit() {
        var last = lastAudit
                .latest()
                .orElseThrow(() -> new ApiProblem(
                        ProblemCode.AUDIT_NOT_RUN,
                        "No audit has run on this instance since it started; GET /admin/audit runs one."));
        return ResponseEntity.ok().lastModified(last.finishedAt()).body(last.report());
    }
}
