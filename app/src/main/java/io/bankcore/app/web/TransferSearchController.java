package io.bankcore.app.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.bankcore.app.web.ApiProblem.FieldError;
import io.bankcore.app.web.TransferController.TransferStatus;
import io.bankcore.domain.AccountNumber;
import io.bankcore.domain.InvalidAccountNumber;
import io.bankcore.query.lookup.TransferFilter;
import io.bankcore.query.lookup.TransferSearch;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Lists of transfers, newest request first, filtered; a tenant's list is scoped in its SQL. */
@RestController
@Tag(name = "transfers")
class TransferSearchController {

    static final List<String> STATUSES = List.of("PENDING", "COMPLETED", "FAILED", "RESERVED", "VOIDED", "EXPIRED");

    /** A page of transfers. */
    record TransferList(@JsonProperty("transfers") List<TransferStatus> transfers) {}

    private final TransferSearch transfers;

    TransferSearchController(TransferSearch transfers) {
        this.transfers = transfers;
    }

    @GetMapping("/transfers")
    @Operation(
            summary = "List transfers, newest request first",
            description = "Each as `GET /transfers/{id}` answers it. Paged: at most `limit` transfers (1-1000,"
                    + " default 100); when more exist, the `Link` header holds the next page's URL"
                    + " (rel=\"next\"), with the same filters and its `cursor`. A tenant-bound credential lists"
                    + " only transfers between its tenant's accounts. A bad value of any filter is a 422 naming it.")
    @Parameter(
            name = "metadata[KEY]",
            in = ParameterIn.QUERY,
            description =
                    "Transfers requested with metadata that has with this KEY set to this value; several may be given, all must match."
                            + " KEY is 1-40 characters of a-z, 0-9, '_', '-' and '.' (brackets raw or as %5B %5D).",
            example = "A-17")
    @ApiResponse(
            responseCode = "200",
            description = "A page of transfers",
            headers = @Header(name = "Link", description = "the next page, when there is one"),
            content = @Content(schema = @Schema(implementation = TransferList.class)))
    ResponseEntity<TransferList> list(
            @Parameter(description = "1 to 1000, default 100") @RequestParam(value = "limit", required = false)
                    String limit,
            @Parameter(description = "from a previous page's Link header")
                    @RequestParam(value = "cursor", required = false)
                    String cursor,
            @Parameter(description = "transfers from or to this account", example = "000001")
                    @RequestParam(value = "account_number", required = false)
                    String accountNumber,
            @Parameter(
                            description = "PENDING, COMPLETED, FAILED, RESERVED, VOIDED or EXPIRED; several separated"
                                    + " by commas",
                            example = "FAILED")
                    @RequestParam(value = "status", required = false)
                    String status,
            @Parameter(description = "requested at or after this instant", example = "2026-01-01T00:00:00Z")
                    @RequestParam(value = "from", required = false)
                    String from,
            @Parameter(description = "requested before this instant", example = "2026-02-01T00:00:00Z")
                    @RequestParam(value = "to", required = false)
                    String to,
            HttpServletRequest request) {
        int pageSize = Paging.pageSize(limit);
        TransferSearch.Cursor after = null;
        if (cursor != null) {
            after = TransferSearch.Cursor.parse(cursor.strip())
                    .orElseThrow(() -> ApiProblem.invalid(List.of(
                            new FieldError("cursor", "must be a cursor taken from a previous page's Link header"))));
        }
        var filters = new QueryFilters();
        String account = accountNumber(filters, accountNumber);
        var statuses = filters.oneOf("status", status, STATUSES);
        Instant since = filters.instant("from", from);
        Instant until = filters.instant("to", to);
        filters.ordered("from", since, "to", until);
        var metadata = filters.metadata(request);
        filters.validate();

        var page = transfers.list(
                Tenancy.scope(), new TransferFilter(account, statuses, since, until, metadata), pageSize, after);
        var next = new LinkedHashMap<String, String>();
        next.put("account_number", account);
        next.put("status", statuses.isEmpty() ? null : String.join(",", statuses));
        next.put("from", since == null ? null : Paging.iso(since));
        next.put("to", until == null ? null : Paging.iso(until));
        metadata.forEach((key, value) -> next.put("metadata[" + key + "]", value));
        return Paging.withNext("/transfers", next, pageSize, page.next())
                .body(new TransferList(
                        page.items().stream().map(TransferController::status).toList()));
    }

    /** A filter, not an account being addressed: a malformed number is a 422 naming it, like any filter. */
    private static String accountNumber(QueryFilters filters, String raw) {
        if (raw == null) {
            return null;
        }
        try {
            return AccountNumber.of(raw).value();
        } catch (InvalidAccountNumber malformed) {
            filters.refuse("account_number", "must be 6 to 12 ASCII digits");
            return null;
        }
    }
}
