package io.bankcore.app.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.bankcore.api.LedgerEntryView;
import io.bankcore.api.MetadataJson;
import io.bankcore.domain.AccountNotFound;
import io.bankcore.domain.AccountNumber;
import io.bankcore.query.lookup.Statements;
import io.bankcore.query.lookup.Statements.Summary;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.ObjectMapper;

/**
 * An account's statement over an interval, as JSON or as CSV, written to the response as the lines
 * come from the database (see {@link Statements}): an interval of a year of a busy account is never
 * held in memory. Everything that can be refused is decided before the first byte is written.
 */
@RestController
@Tag(name = "accounts")
class StatementController {

    static final Duration MAX_INTERVAL = Duration.ofDays(366);
    static final String CSV = "text/csv";
    static final String CSV_HEADER = "row_type,entry_id,occurred_at,entry_type,direction,amount_cents,"
            + "balance_after_cents,currency,correlation_id,counterparty_account_number,description,metadata";

    /** One line of a statement: a ledger entry, its direction and the balance after it. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record StatementEntry(
            @JsonProperty("entry_id") String entryId,

            @JsonProperty("entry_type")
            @Schema(
                    allowableValues = {
                        "DEPOSIT",
                        "WITHDRAWAL",
                        "TRANSFER_OUT",
                        "TRANSFER_IN",
                        "TRANSFER_REFUND",
                        "REVERSAL_OUT",
                        "REVERSAL_IN"
                    })
            String entryType,

            @JsonProperty("direction")
            @Schema(
                    allowableValues = {"CREDIT", "DEBIT"},
                    description = "CREDIT adds to the balance, DEBIT takes from it")
            String direction,

            @JsonProperty("amount_cents") long amountCents,
            @JsonProperty("balance_after_cents") long balanceAfterCents,
            @JsonProperty("currency") String currency,

            @JsonProperty("correlation_id") @Schema(nullable = true)
            String correlationId,

            @JsonProperty("occurred_at") String occurredAt,

            @JsonProperty("counterparty_account_number") @Schema(nullable = true)
            String counterpartyAccountNumber,

            @JsonProperty("description")
            @Schema(nullable = true, description = "the description of the write that made the entry, if it had one")
            String description,

            @JsonProperty("metadata")
            @Schema(
                    description =
                            "the metadata of the write that made the entry: the client's own keys and string values; {} when none")
            Map<String, String> metadata) {

        static StatementEntry of(LedgerEntryView entry, long balanceAfter) {
            return new StatementEntry(
                    entry.entryId(),
                    entry.entryType(),
                    Statements.CREDITS.contains(entry.entryType()) ? "CREDIT" : "DEBIT",
                    entry.amountMinor(),
                    balanceAfter,
                    entry.currency(),
                    entry.correlationId(),
                    Paging.iso(entry.occurredAt()),
                    entry.counterpartyAccountNumber(),
                    entry.memo().description(),
                    entry.memo().metadata());
        }
    }

    /** What the JSON statement looks like (it is written field by field, in this order). */
    @Schema(name = "Statement")
    record StatementDocument(
            @JsonProperty("account_number") String accountNumber,
            @JsonProperty("currency") String currency,
            @JsonProperty("from") String from,
            @JsonProperty("to") String to,

            @JsonProperty("opening_balance_cents") @Schema(description = "the ledger (posted) balance at `from`")
            long openingBalanceCents,

            @JsonProperty("closing_balance_cents") @Schema(description = "the ledger (posted) balance at `to`")
            long closingBalanceCents,

            @JsonProperty("total_credits_cents") long totalCreditsCents,
            @JsonProperty("total_debits_cents") long totalDebitsCents,
            @JsonProperty("entry_count") long entryCount,

            @JsonProperty("entries") @ArraySchema(schema = @Schema(implementation = StatementEntry.class))
            List<StatementEntry> entries) {}

    private final Statements statements;
    private final ObjectMapper json;

    StatementController(Statements statements, ObjectMapper json) {
        this.statements = statements;
        this.json = json;
    }

    @GetMapping("/accounts/{accountNumber}/statement")
    @Operation(
            summary = "An account's statement over an interval",
            description = "The ledger (posted) balance at `from` (`opening_balance_cents`), the ledger entries"
                    + " with `from` <= `occurred_at` < `to`, oldest first, each with the balance after it, the"
                    + " totals, and the balance at `to` (`closing_balance_cents`): opening + credits - debits ="
                    + " closing, always. Reservations hold money without moving it and are not in it; a posted"
                    + " reservation is a TRANSFER_OUT entry, a refused transfer a TRANSFER_OUT and its"
                    + " TRANSFER_REFUND, a reversal a REVERSAL_OUT on the transfer's destination and a REVERSAL_IN"
                    + " on its source. `from` and `to` are required, ISO-8601 with a zone, `to` after `from`"
                    + " and at most 366 days later. As CSV with `Accept: text/csv` or `format=csv` (RFC 4180:"
                    + " a header row, CRLF): an OPENING_BALANCE row, one ENTRY row per entry, then"
                    + " CLOSING_BALANCE, TOTAL_CREDITS and TOTAL_DEBITS rows. Both forms are streamed.")
    @ApiResponse(
            responseCode = "200",
            description = "The statement",
            content = {
                @Content(
                        mediaType = MediaType.APPLICATION_JSON_VALUE,
                        schema = @Schema(implementation = StatementDocument.class)),
                @Content(mediaType = CSV, schema = @Schema(type = "string", example = CSV_HEADER))
            })
    void statement(
            @PathVariable String accountNumber,
            @Parameter(description = "the start, inclusive", example = "2026-01-01T00:00:00Z", required = true)
                    @RequestParam(value = "from", required = false)
                    String from,
            @Parameter(description = "the end, exclusive", example = "2026-02-01T00:00:00Z", required = true)
                    @RequestParam(value = "to", required = false)
                    String to,
            @Parameter(description = "json (default) or csv; without it, `Accept: text/csv` asks for CSV")
                    @RequestParam(value = "format", required = false)
                    String format,
            @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept,
            HttpServletResponse response)
            throws Exception {
        var filters = new QueryFilters();
        Instant since = required(filters, "from", from);
        Instant until = required(filters, "to", to);
        filters.ordered("from", since, "to", until);
        if (since != null && until != null && Duration.between(since, until).compareTo(MAX_INTERVAL) > 0) {
            filters.refuse("to", "must be at most 366 days after from");
        }
        boolean csv = csv(filters, format, accept);
        filters.validate();
        var number = AccountNumber.of(accountNumber);
        Summary summary = statements
                .summary(Tenancy.scope(), number.value(), since, until)
                .orElseThrow(() -> new AccountNotFound(number.value()));

        response.setStatus(HttpServletResponse.SC_OK);
        if (csv) {
            response.setContentType("text/csv; charset=UTF-8; header=present");
            response.setHeader(
                    HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"statement-" + number.value() + ".csv\"");
            try (Writer out =
                    new BufferedWriter(new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8))) {
                writeCsv(summary, out);
            }
        } else {
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            try (var out = json.createGenerator(response.getOutputStream())) {
                out.writeStartObject();
                out.writeStringProperty("account_number", summary.accountNumber());
                out.writeStringProperty("currency", summary.currency());
                out.writeStringProperty("from", Paging.iso(summary.from()));
                out.writeStringProperty("to", Paging.iso(summary.to()));
                out.writeNumberProperty("opening_balance_cents", summary.openingMinor());
                out.writeNumberProperty("closing_balance_cents", summary.closingMinor());
                out.writeNumberProperty("total_credits_cents", summary.creditsMinor());
                out.writeNumberProperty("total_debits_cents", summary.debitsMinor());
                out.writeNumberProperty("entry_count", summary.entryCount());
                out.writeArrayPropertyStart("entries");
                statements.lines(summary, (entry, balance) -> out.writePOJO(StatementEntry.of(entry, balance)));
                out.writeEndArray();
                out.writeEndObject();
            }
        }
    }

    private void writeCsv(Summary summary, Writer out) throws Exception {
        String currency = summary.currency();
        String from = Paging.iso(summary.from());
        String to = Paging.iso(summary.to());
        row(out, CSV_HEADER.split(","));
        row(
                out,
                "OPENING_BALANCE",
                "",
                from,
                "",
                "",
                "",
                Long.toString(summary.openingMinor()),
                currency,
                "",
                "",
                "",
                "");
        statements.lines(summary, (entry, balance) -> {
            var line = StatementEntry.of(entry, balance);
            row(
                    out,
                    "ENTRY",
                    line.entryId(),
                    line.occurredAt(),
                    line.entryType(),
                    line.direction(),
                    Long.toString(line.amountCents()),
                    Long.toString(line.balanceAfterCents()),
                    line.currency(),
                    nullToEmpty(line.correlationId()),
                    nullToEmpty(line.counterpartyAccountNumber()),
                    nullToEmpty(line.description()),
                    line.metadata().isEmpty() ? "" : MetadataJson.write(line.metadata()));
        });
        row(
                out,
                "CLOSING_BALANCE",
                "",
                to,
                "",
                "",
                "",
                Long.toString(summary.closingMinor()),
                currency,
                "",
                "",
                "",
                "");
        row(
                out,
                "TOTAL_CREDITS",
                "",
                to,
                "",
                "CREDIT",
                Long.toString(summary.creditsMinor()),
                "",
                currency,
                "",
                "",
                "",
                "");
        row(
                out,
                "TOTAL_DEBITS",
                "",
                to,
                "",
                "DEBIT",
                Long.toString(summary.debitsMinor()),
                "",
                currency,
                "",
                "",
                "",
                "");
    }

    /** One RFC 4180 record: fields quoted when they hold a comma, a quote or a line break; CRLF. */
    static void row(Writer out, String... fields) throws java.io.IOException {
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                out.write(',');
            }
            String field = fields[i];
            if (field.indexOf(',') >= 0
                    || field.indexOf('"') >= 0
                    || field.indexOf('\r') >= 0
                    || field.indexOf('\n') >= 0) {
                out.write('"');
                out.write(field.replace("\"", "\"\""));
                out.write('"');
            } else {
                out.write(field);
            }
        }
        out.write("\r\n");
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }

    private static Instant required(QueryFilters filters, String name, String raw) {
        if (raw == null) {
            filters.refuse(name, "is required: an ISO-8601 date-time with a zone, such as 2026-01-12T21:13:49Z");
            return null;
        }
        return filters.instant(name, raw);
    }

    /**
     * CSV when {@code format=csv}, JSON when {@code format=json}; without it, CSV when the client's
     * {@code Accept} prefers {@code text/csv} to JSON.
     */
    private static boolean csv(QueryFilters filters, String format, String accept) {
        if (format != null) {
            String value = format.strip();
            if (value.equals("csv") || value.equals("json")) {
                return value.equals("csv");
            }
            filters.refuse("format", "must be json or csv");
            return false;
        }
        if (accept == null) {
            return false;
        }
        try {
            var types = new java.util.ArrayList<>(MediaType.parseMediaTypes(accept));
            // highest quality first; a stable sort keeps the client's order among equals
            types.sort(java.util.Comparator.comparingDouble(MediaType::getQualityValue)
                    .reversed());
            for (MediaType type : types) {
                if (type.getQualityValue() == 0) {
                    continue;
                }
                if (type.isCompatibleWith(MediaType.APPLICATION_JSON)) {
                    return false;
                }
                if (type.isCompatibleWith(MediaType.parseMediaType(CSV))) {
                    return true;
                }
            }
        } catch (InvalidMediaTypeException unreadable) {
            // an Accept header nobody can read asks for nothing in particular: JSON
        }
        return false;
    }
}
