package io.bankcore.app.web;

import io.bankcore.api.AccountState;
import io.bankcore.api.BalanceView;
import io.bankcore.api.GetBalanceQuery;
import io.bankcore.api.GetTransactionsQuery;
import io.bankcore.api.LedgerEntryView;
import io.bankcore.api.LedgerFilter;
import io.bankcore.api.LedgerPage;
import io.bankcore.api.Memo;
import io.bankcore.app.web.Dtos.AccountCreated;
import io.bankcore.app.web.Dtos.Balance;
import io.bankcore.app.web.Dtos.CreateAccountRequest;
import io.bankcore.app.web.Dtos.MoneyRequest;
import io.bankcore.app.web.Dtos.Transaction;
import io.bankcore.command.AccountCommandService;
import io.bankcore.command.port.in.CreateAccountUseCase;
import io.bankcore.command.port.in.DepositUseCase;
import io.bankcore.command.port.in.WithdrawUseCase;
import io.bankcore.domain.AccountNotFound;
import io.bankcore.domain.AccountNumber;
import io.bankcore.domain.CurrencyCode;
import io.bankcore.query.audit.AccountHistory;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.ObjectMapper;

/**
 * The accounts part of the HTTP contract. Every handler checks in the contract's order: body schema
 * (422), account number (400), then the use case, whose refusals come back as domain errors. A write
 * answers only once the read models reflect it, so a following GET sees it.
 */
@RestController
@Tag(name = "accounts")
class AccountController {

    // overdraft_limit_cents came later: at its default it counts as absent, as in keys stored before it.
    private static final Idempotency.Route OPEN = new Idempotency.Route(
            "POST /accounts",
            Map.of("initial_balance_cents", 0L, "currency", CurrencyCode.BRL.code()),
            Map.of("overdraft_limit_cents", 0L));
    private static final Idempotency.Route DEPOSIT = new Idempotency.Route(
            "POST /accounts/{account_number}/deposit", Map.of("currency", CurrencyCode.BRL.code()));
    private static final Idempotency.Route WITHDRAW = new Idempotency.Route(
            "POST /accounts/{account_number}/withdraw", Map.of("currency", CurrencyCode.BRL.code()));

    /** The ledger's entry types, as the entries show them. */
    static final List<String> ENTRY_TYPES = List.of(
            "DEPOSIT", "WITHDRAWAL", "TRANSFER_OUT", "TRANSFER_IN", "TRANSFER_REFUND", "REVERSAL_OUT", "REVERSAL_IN");

    private final ObjectMapper json;
    private final CreateAccountUseCase createAccount;
    private final DepositUseCase deposit;
    private final WithdrawUseCase withdraw;
    private final QueryGateway queries;
    private final ReadAfterWrite readAfterWrite;
    private final AccountHistory history;
    private final Idempotency idempotency;

    AccountController(
            ObjectMapper json,
            CreateAccountUseCase createAccount,
            DepositUseCase deposit,
            WithdrawUseCase withdraw,
            QueryGateway queries,
            ReadAfterWrite readAfterWrite,
            AccountHistory history,
            Idempotency idempotency) {
        this.json = json;
        this.createAccount = createAccount;
        this.deposit = deposit;
        this.withdraw = withdraw;
        this.queries = queries;
        this.readAfterWrite = readAfterWrite;
        this.history = history;
        this.idempotency = idempotency;
    }

    @PostMapping("/accounts")
    @Operation(
            summary = "Open an account",
            description = "`overdraft_limit_cents` (>= 0, default 0) lets the balance go below 0, down to minus"
                    + " the limit; it can be changed later with `PUT /accounts/{n}/overdraft-limit`.",
            requestBody =
                    @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            required = true,
                            content = @Content(schema = @Schema(implementation = CreateAccountRequest.class))))
    @ApiResponse(
            responseCode = "201",
            description = "Created",
            content = @Content(schema = @Schema(implementation = AccountCreated.class)))
    ResponseEntity<?> create(
            @RequestBody(required = false) byte[] body,
            @RequestHeader(value = HttpHeaders.CONTENT_TYPE, required = false) String contentType,
            @Parameter(description = Idempotency.DESCRIPTION)
                    @RequestHeader(value = Idempotency.HEADER, required = false)
                    String key,
            HttpServletRequest http) {
        var number = new String[1];
        return idempotency.handle(key, OPEN, Map.of(), body, contentType, http, new Idempotency.Write() {
            @Override
            public Idempotency.Answer run() {
                var request = JsonRequest.parse(json, body, contentType);
                var rawNumber = request.requiredString("account_number");
                long initialBalance = request.amount("initial_balance_cents", 0L, 0);
                long overdraftLimit = request.amount("overdraft_limit_cents", 0L, 0);
                var currency = request.currency("currency");
                var memo = request.memo();
                request.validate();
                var opened = AccountNumber.of(rawNumber);
                Tenancy.mayOpen(opened);
                number[0] = opened.value();
                AccountState state =
                        createAccount.createAccount(number[0], initialBalance, currency, overdraftLimit, memo);
                return Idempotency.Answer.after(
                        () -> ResponseEntity.status(HttpStatus.CREATED)
                                .body(new AccountCreated(
                                        state.accountId(),
                                        state.accountNumber(),
                                        state.balanceMinor(),
                                        state.currency())),
                        () -> readAfterWrite.await(state));
            }

            @Override
            public RuntimeException commitFailed(RuntimeException failure) {
                return AccountCommandService.creationFailed(number[0], failure);
            }
        });
    }

    @PostMapping("/accounts/{accountNumber}/deposit")
    @Operation(
            summary = "Deposit money",
            requestBody =
                    @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            required = true,
                            content = @Content(schema = @Schema(implementation = MoneyRequest.class))))
    @ApiResponse(
            responseCode = "200",
            description = "The balance after the deposit",
            content = @Content(schema = @Schema(implementation = Balance.class)))
    ResponseEntity<?> deposit(
            @PathVariable String accountNumber,
            @RequestBody(required = false) byte[] body,
            @RequestHeader(value = HttpHeaders.CONTENT_TYPE, required = false) String contentType,
            @Parameter(description = Idempotency.DESCRIPTION)
                    @RequestHeader(value = Idempotency.HEADER, required = false)
                    String key,
            HttpServletRequest http) {
        return movement(DEPOSIT, accountNumber, body, contentType, key, http, deposit::deposit);
    }

    @PostMapping("/accounts/{accountNumber}/withdraw")
    @Operation(
            summary = "Withdraw money",
            requestBody =
                    @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            required = true,
                            content = @Content(schema = @Schema(implementation = MoneyRequest.class))))
    @ApiResponse(
            responseCode = "200",
            description = "The balance after the withdrawal",
            content = @Content(schema = @Schema(implementation = Balance.class)))
    ResponseEntity<?> withdraw(
            @PathVariable String accountNumber,
            @RequestBody(required = false) byte[] body,
            @RequestHeader(value = HttpHeaders.CONTENT_TYPE, required = false) String contentType,
            @Parameter(description = Idempotency.DESCRIPTION)
                    @RequestHeader(value = Idempotency.HEADER, required = false)
                    String key,
            HttpServletRequest http) {
        return movement(WITHDRAW, accountNumber, body, contentType, key, http, withdraw::withdraw);
    }

    /** What moves an account's money: a deposit or a withdrawal, by number, amount and currency. */
    private interface Movement {
        AccountState apply(String accountNumber, long amountMinor, String currency, Memo memo);
    }

    /** A deposit or a withdrawal: the body, the number, the tenant, then the use case. */
    private ResponseEntity<?> movement(
            Idempotency.Route route,
            String accountNumber,
            byte[] body,
            String contentType,
            String key,
            HttpServletRequest http,
            Movement movement) {
        return idempotency.handle(
                key, route, Map.of("account_number", accountNumber), body, contentType, http, new Idempotency.Write() {
                    @Override
                    public List<String> accounts() {
                        return Idempotency.account(accountNumber);
                    }

                    @Override
                    public Idempotency.Answer run() {
                        var request = JsonRequest.parse(json, body, contentType);
                        long amount = request.amount("amount_cents", null, 1);
                        var currency = request.currency("currency");
                        var memo = request.memo();
                        request.validate();
                        var number = AccountNumber.of(accountNumber);
                        Tenancy.require(number);
                        var state = movement.apply(number.value(), amount, currency, memo);
                        return Idempotency.Answer.after(
                                () -> ResponseEntity.ok(
                                        new Balance(state.accountNumber(), state.balanceMinor(), state.currency())),
                                () -> readAfterWrite.await(state));
                    }
                });
    }

    @GetMapping("/accounts/{accountNumber}/balance")
    @Operation(
            summary = "An account's balance",
            description = "Without `as_of`: the current balance (`balance_cents`, the posted money, below 0 when"
                    + " the account is overdrawn), what open reservations hold (`reserved_cents`), how far below 0"
                    + " the balance may go (`overdraft_limit_cents`), what a debit may take"
                    + " (`available_balance_cents`: balance + limit - reserved, never below 0), and the account's"
                    + " `status`. With `as_of` (ISO-8601 with a zone, e.g."
                    + " `2026-01-12T21:13:49Z` or `2026-01-12T18:13:49-03:00`; encode `+` as `%2B`): the balance"
                    + " at that instant, folded from the account's events, with `as_of` echoed in UTC; 404 when"
                    + " the account did not exist yet at that instant.")
    @ApiResponse(
            responseCode = "200",
            description = "The balance (with `as_of` when asked for one at an instant)",
            content =
                    @Content(
                            schema =
                                    @Schema(
                                            oneOf = {
                                                AccountLifecycleController.AccountBalance.class,
                                                AuditController.BalanceAsOf.class
                                            })))
    Object balance(
            @PathVariable String accountNumber,
            @Parameter(
                            description = "an instant (ISO-8601 with a zone) to get the balance at",
                            example = "2026-01-12T21:13:49Z")
                    @RequestParam(value = "as_of", required = false)
                    String asOf) {
        if (asOf != null) {
            return AuditController.balanceAsOf(history, accountNumber, asOf);
        }
        var number = AccountNumber.of(accountNumber);
        Tenancy.require(number);
        Optional<BalanceView> view = queries.query(
                        new GetBalanceQuery(number.value()), ResponseTypes.optionalInstanceOf(BalanceView.class))
                .join();
        var found = view.orElseThrow(() -> new AccountNotFound(number.value()));
        return AccountLifecycleController.AccountBalance.of(found);
    }

    @GetMapping("/accounts/{accountNumber}/transactions")
    @Operation(
            summary = "An account's ledger, newest first",
            description = "Paged: at most `limit` entries (1-1000, default 100). When older entries exist, the"
                    + " `Link` header holds the next page's URL (rel=\"next\"), with the same filters and its"
                    + " `cursor`. Filters: `entry_type` (one or more of the entries' types, separated by commas),"
                    + " `from` (inclusive) and `to` (exclusive) on `occurred_at` (ISO-8601 with a zone; encode `+`"
                    + " as `%2B`), `correlation_id` (a transfer's). A bad value of any of them is a 422 naming it.")
    @Parameter(
            name = "metadata[KEY]",
            in = ParameterIn.QUERY,
            description =
                    "Lines whose metadata has with this KEY set to this value; several may be given, all must match."
                            + " KEY is 1-40 characters of a-z, 0-9, '_', '-' and '.' (brackets raw or as %5B %5D).",
            example = "A-17")
    @ApiResponse(
            responseCode = "200",
            description = "Ledger entries, newest first",
            headers = @Header(name = "Link", description = "the next (older) page, when there is one"),
            content = @Content(array = @ArraySchema(schema = @Schema(implementation = Transaction.class))))
    ResponseEntity<List<Transaction>> transactions(
            @PathVariable String accountNumber,
            @Parameter(description = "1 to 1000, default 100") @RequestParam(value = "limit", required = false)
                    String limit,
            @Parameter(description = "from a previous page's Link header")
                    @RequestParam(value = "cursor", required = false)
                    String cursor,
            @Parameter(
                            description =
                                    "DEPOSIT, WITHDRAWAL, TRANSFER_OUT, TRANSFER_IN, TRANSFER_REFUND, REVERSAL_OUT or REVERSAL_IN;"
                                            + " several"
                                            + " separated by commas",
                            example = "TRANSFER_OUT,TRANSFER_IN")
                    @RequestParam(value = "entry_type", required = false)
                    String entryType,
            @Parameter(description = "entries that occurred at or after this instant", example = "2026-01-01T00:00:00Z")
                    @RequestParam(value = "from", required = false)
                    String from,
            @Parameter(description = "entries that occurred before this instant", example = "2026-02-01T00:00:00Z")
                    @RequestParam(value = "to", required = false)
                    String to,
            @Parameter(description = "the entries of one transfer (its correlation id, a UUID)")
                    @RequestParam(value = "correlation_id", required = false)
                    String correlationId,
            HttpServletRequest request) {
        int pageSize = Paging.pageSize(limit);
        Long before = Paging.cursor(cursor);
        var filters = new QueryFilters();
        var types = filters.oneOf("entry_type", entryType, ENTRY_TYPES);
        Instant since = filters.instant("from", from);
        Instant until = filters.instant("to", to);
        filters.ordered("from", since, "to", until);
        String correlation = filters.uuid("correlation_id", correlationId);
        var metadata = filters.metadata(request);
        filters.validate();
        var number = AccountNumber.of(accountNumber);
        Tenancy.require(number);

        LedgerPage page = queries.query(
                        new GetTransactionsQuery(
                                number.value(),
                                pageSize,
                                before,
                                new LedgerFilter(types, since, until, correlation, metadata)),
                        ResponseTypes.instanceOf(LedgerPage.class))
                .join();
        if (!page.accountExists()) {
            throw new AccountNotFound(number.value());
        }
        var next = new LinkedHashMap<String, String>();
        next.put("entry_type", types.isEmpty() ? null : String.join(",", types));
        next.put("from", since == null ? null : Paging.iso(since));
        next.put("to", until == null ? null : Paging.iso(until));
        next.put("correlation_id", correlation);
        metadata.forEach((key, value) -> next.put("metadata[" + key + "]", value));
        String path = "/accounts/" + number.value() + "/transactions";
        Long older = page.nextBeforeSequence();
        return Paging.withNext(path, next, pageSize, older == null ? null : older.toString())
                .body(page.entries().stream()
                        .map(AccountController::transaction)
                        .toList());
    }

    private static Transaction transaction(LedgerEntryView entry) {
        return new Transaction(
                entry.entryId(),
                entry.entryType(),
                entry.amountMinor(),
                entry.currency(),
                entry.correlationId(),
                Paging.iso(entry.occurredAt()),
                entry.counterpartyAccountNumber(),
                entry.memo().description(),
                entry.memo().metadata(),
                entry.memo().batchId());
    }
}
