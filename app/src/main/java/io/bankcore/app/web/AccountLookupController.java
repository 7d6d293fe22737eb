package io.bankcore.app.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.bankcore.api.UpdateAccountCommand;
import io.bankcore.command.port.in.UpdateAccountUseCase;
import io.bankcore.domain.AccountNotFound;
import io.bankcore.domain.AccountNumber;
import io.bankcore.query.lookup.AccountFilter;
import io.bankcore.query.lookup.AccountSearch;
import io.bankcore.query.lookup.AccountView;
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
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.ObjectMapper;

/**
 * Account look-ups: one account by number, and lists of accounts filtered by status, currency and
 * opening time. A tenant-bound client's look-ups are scoped in their SQL ({@link Tenancy#scope}).
 */
@RestController
@Tag(name = "accounts")
class AccountLookupController {

    static final List<String> STATUSES = List.of("ACTIVE", "FROZEN", "CLOSED");

    /** An account: who it is, its status, and its balances exactly as the balance route shows them. */
    @Schema(name = "Account")
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record AccountDetails(
            @JsonProperty("account_id") String accountId,
            @JsonProperty("account_number") String accountNumber,
            @JsonProperty("currency") String currency,

            @JsonProperty("status") @Schema(allowableValues = {"ACTIVE", "FROZEN", "CLOSED"})
            String status,

            @JsonProperty("frozen_direction")
            @Schema(
                    nullable = true,
                    allowableValues = {"ALL", "DEBITS", "CREDITS"})
            String frozenDirection,

            @JsonProperty("freeze_reason") @Schema(nullable = true)
            String freezeReason,

            @JsonProperty("balance_cents")
            @Schema(
                    description = "the posted balance; below 0 (down to minus the overdraft limit) when the account"
                            + " is overdrawn")
            long balanceCents,

            @JsonProperty("available_balance_cents")
            @Schema(
                    description = "the balance plus the overdraft limit less what open reservations hold, never"
                            + " below 0: what a withdrawal, transfer or reservation may take")
            long availableBalanceCents,

            @JsonProperty("reserved_cents") long reservedCents,

            @JsonProperty("overdraft_limit_cents")
            @Schema(description = "how far below 0 the balance may go (0: not at all)")
            long overdraftLimitCents,

            @JsonProperty("created_at") @Schema(example = "2026-01-12T21:13:49.684949Z")
            String createdAt,

            @JsonProperty("description")
            @Schema(nullable = true, description = "given when the account was opened or by PATCH /accounts/{n}")
            String description,

            @JsonProperty("metadata")
            @Schema(description = "given when the account was opened or by PATCH /accounts/{n}; {} when none")
            Map<String, String> metadata) {

        static AccountDetails of(AccountView view) {
            return new AccountDetails(
                    view.accountId(),
                    view.accountNumber(),
                    view.currency(),
                    view.status(),
                    view.frozenDirection(),
                    view.freezeReason(),
                    view.balanceMinor(),
                    view.availableMinor(),
                    view.reservedMinor(),
                    view.overdraftLimitMinor(),
                    Paging.iso(view.openedAt()),
                    view.memo().description(),
                    view.memo().metadata());
        }
    }

    /** A page of accounts. */
    record AccountList(@JsonProperty("accounts") List<AccountDetails> accounts) {}

    private static final Idempotency.Route UPDATE = new Idempotency.Route("PATCH /accounts/{account_number}", Map.of());

    private final AccountSearch accounts;
    private final UpdateAccountUseCase update;
    private final ObjectMapper json;
    private final ReadAfterWrite readAfterWrite;
    private final Idempotency idempotency;

    AccountLookupController(
            AccountSearch accounts,
            UpdateAccountUseCase update,
            ObjectMapper json,
            ReadAfterWrite readAfterWrite,
            Idempotency idempotency) {
        this.accounts = accounts;
        this.update = update;
        this.json = json;
        this.readAfterWrite = readAfterWrite;
        this.idempotency = idempotency;
    }

    @PatchMapping("/accounts/{accountNumber}")
    @Operation(
            summary = "Change an account's description and metadata",
            description = "`description`: a string (at most 500 characters, no control characters) replaces it,"
                    + " null clears it, absent leaves it. `metadata`: merged into the account's, a key set to a"
                    + " string adds or replaces it, a key set to null removes it (absent: unchanged); the"
                    + " account may hold at most 20 keys (else 422 naming `metadata`, nothing changed). A closed"
                    + " account refuses (409 ACCOUNT_CLOSED). The change is an event (`account.updated`, with"
                    + " the account's whole description and metadata after it); a change that changes nothing"
                    + " writes none. Scope `accounts:write`.",
            requestBody =
                    @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            required = true,
                            content = @Content(schema = @Schema(implementation = AccountPatch.class))))
    @ApiResponse(
            responseCode = "200",
            description = "The account after the change",
            content = @Content(schema = @Schema(implementation = AccountDetails.class)))
    ResponseEntity<?> patch(
            @PathVariable String accountNumber,
            @RequestBody(required = false) byte[] body,
            @RequestHeader(value = HttpHeaders.CONTENT_TYPE, required = false) String contentType,
            @Parameter(description = Idempotency.DESCRIPTION)
                    @RequestHeader(value = Idempotency.HEADER, required = false)
                    String key,
            HttpServletRequest http) {
        return idempotency.handle(
                key, UPDATE, Map.of("account_number", accountNumber), body, contentType, http, new Idempotency.Write() {
                    @Override
                    public List<String> accounts() {
                        return Idempotency.account(accountNumber);
                    }

                    @Override
                    public Idempotency.Answer run() {
                        var request = JsonRequest.parse(json, body, contentType);
                        var patch = request.memoPatch();
                        request.validate();
                        var number = AccountNumber.of(accountNumber);
                        Tenancy.require(number);
                        var state = update.update(new UpdateAccountCommand(
                                number.value(),
                                patch.setDescription(),
                                patch.description(),
                                patch.setMetadata(),
                                patch.removeMetadata()));
                        return Idempotency.Answer.after(
                                () -> ResponseEntity.ok(accounts.find(Tenancy.scope(), number.value())
                                        .map(AccountDetails::of)
                                        .orElseThrow(() -> new AccountNotFound(number.value()))),
                                () -> readAfterWrite.await(state));
                    }
                });
    }

    /** The body of a PATCH of an account (the OpenAPI document's description of it). */
    record AccountPatch(
            @JsonProperty("description") @Schema(nullable = true, description = "null clears it; absent: unchanged")
            String description,

            @JsonProperty("metadata")
            @Schema(
                    nullable = true,
                    description = "keys to set (a string) or remove (null); absent: unchanged",
                    example = "{\"order_id\": \"A-17\", \"old_ref\": null}")
            Map<String, String> metadata) {}

    @GetMapping("/accounts/{accountNumber}")
    @Operation(
            summary = "An account",
            description = "Its identity, status, opening time and balances (the same as"
                    + " `GET /accounts/{n}/balance` shows them), its `description` and `metadata` (given when it"
                    + " was opened, changed by `PATCH /accounts/{n}`).")
    @ApiResponse(
            responseCode = "200",
            description = "The account",
            content = @Content(schema = @Schema(implementation = AccountDetails.class)))
    AccountDetails account(@PathVariable String accountNumber) {
        var number = AccountNumber.of(accountNumber);
        return accounts.find(Tenancy.scope(), number.value())
                .map(AccountDetails::of)
                .orElseThrow(() -> new AccountNotFound(number.value()));
    }

    @GetMapping("/accounts")
    @Operation(
            summary = "List accounts, in account-number order",
            description = "Paged: at most `limit` accounts (1-1000, default 100). When more exist, the `Link`"
                    + " header holds the next page's URL (rel=\"next\"), with the same filters and its `cursor`."
                    + " A tenant-bound credential lists only its tenant's accounts. Instants are ISO-8601 with"
                    + " a zone (encode `+` as `%2B`); a bad value of any filter is a 422 naming it.")
    @Parameter(
            name = "metadata[KEY]",
            in = ParameterIn.QUERY,
            description =
                    "Accounts whose metadata has with this KEY set to this value; several may be given, all must match."
                            + " KEY is 1-40 characters of a-z, 0-9, '_', '-' and '.' (brackets raw or as %5B %5D).",
            example = "A-17")
    @ApiResponse(
            responseCode = "200",
            description = "A page of accounts",
            headers = @Header(name = "Link", description = "the next page, when there is one"),
            content = @Content(schema = @Schema(implementation = AccountList.class)))
    ResponseEntity<AccountList> list(
            @Parameter(description = "1 to 1000, default 100") @RequestParam(value = "limit", required = false)
                    String limit,
            @Parameter(description = "from a previous page's Link header")
                    @RequestParam(value = "cursor", required = false)
                    String cursor,
            @Parameter(description = "ACTIVE, FROZEN or CLOSED; several separated by commas", example = "ACTIVE")
                    @RequestParam(value = "status", required = false)
                    String status,
            @Parameter(description = "an ISO-4217 code", example = "BRL")
                    @RequestParam(value = "currency", required = false)
                    String currency,
            @Parameter(description = "opened at or after this instant", example = "2026-01-01T00:00:00Z")
                    @RequestParam(value = "created_from", required = false)
                    String createdFrom,
            @Parameter(description = "opened before this instant", example = "2026-02-01T00:00:00Z")
                    @RequestParam(value = "created_to", required = false)
                    String createdTo,
            HttpServletRequest request) {
        int pageSize = Paging.pageSize(limit);
        String after = Paging.accountCursor(cursor);
        var filters = new QueryFilters();
        var statuses = filters.oneOf("status", status, STATUSES);
        String code = filters.currency("currency", currency);
        Instant from = filters.instant("created_from", createdFrom);
        Instant to = filters.instant("created_to", createdTo);
        filters.ordered("created_from", from, "created_to", to);
        var metadata = filters.metadata(request);
        filters.validate();

        var page =
                accounts.list(Tenancy.scope(), new AccountFilter(statuses, code, from, to, metadata), pageSize, after);
        var next = new LinkedHashMap<String, String>();
        next.put("status", statuses.isEmpty() ? null : String.join(",", statuses));
        next.put("currency", code);
        next.put("created_from", from == null ? null : Paging.iso(from));
        next.put("created_to", to == null ? null : Paging.iso(to));
        metadata.forEach((key, value) -> next.put("metadata[" + key + "]", value));
        return Paging.withNext("/accounts", next, pageSize, page.next())
                .body(new AccountList(
                        page.items().stream().map(AccountDetails::of).toList()));
    }
}
