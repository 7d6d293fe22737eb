package io.bankcore.app.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.bankcore.api.AccountState;
import io.bankcore.api.BalanceView;
import io.bankcore.api.GetBalanceQuery;
import io.bankcore.api.GetReservationsQuery;
import io.bankcore.api.TransferView;
import io.bankcore.command.port.in.AccountLifecycleUseCase;
import io.bankcore.domain.AccountNotFound;
import io.bankcore.domain.AccountNumber;
import io.bankcore.domain.FreezeDirection;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpHeaders;
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
 * An account's lifecycle (freeze, unfreeze, close: the {@code admin} scope's decisions) and its open
 * reservations. A frozen account takes no movement in the frozen direction; a closed one none at all,
 * ever, and its number is never given again; its balance, ledger and events stay readable.
 */
@RestController
@Tag(name = "accounts")
class AccountLifecycleController {

    static final int MAX_REASON_LENGTH = 500;

    @Schema(name = "FreezeRequest")
    record FreezeRequest(
            @JsonProperty("reason") @Schema(requiredMode = Schema.RequiredMode.REQUIRED, maxLength = MAX_REASON_LENGTH)
            String reason,

            @JsonProperty("direction")
            @Schema(
                    allowableValues = {"ALL", "DEBITS", "CREDITS"},
                    defaultValue = "ALL",
                    description = "the movements the freeze stops: money out (DEBITS), in (CREDITS), or both;"
                            + " the lower-case spelling (debits) is accepted too")
            String direction) {}

    /** An account's balance with its reservations and status: what {@code GET /accounts/{n}/balance} answers. */
    @Schema(name = "AccountBalance")
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record AccountBalance(
            @JsonProperty("account_number") String accountNumber,

            @JsonProperty("balance_cents")
            @Schema(
                    description = "the posted balance; below 0 (down to minus the overdraft limit) when the account"
                            + " is overdrawn")
            long balanceCents,

            @JsonProperty("currency") String currency,

            @JsonProperty("available_balance_cents")
            @Schema(
                    description = "the balance plus the overdraft limit less what open reservations hold, never"
                            + " below 0: what a withdrawal, transfer or reservation may take")
            long availableBalanceCents,

            @JsonProperty("reserved_cents") long reservedCents,

            @JsonProperty("overdraft_limit_cents")
            @Schema(description = "how far below 0 the balance may go (0: not at all)")
            long overdraftLimitCents,

            @JsonProperty("status") @Schema(allowableValues = {"ACTIVE", "FROZEN", "CLOSED"})
            String status,

            @JsonProperty("frozen_direction")
            @Schema(
                    nullable = true,
                    allowableValues = {"ALL", "DEBITS", "CREDITS"})
            String frozenDirection,

            @JsonProperty("freeze_reason") @Schema(nullable = true)
            String freezeReason) {

        static AccountBalance of(BalanceView view) {
            return new AccountBalance(
                    view.accountNumber(),
                    view.balanceMinor(),
                    view.currency(),
                    view.availableMinor(),
                    view.reservedMinor(),
                    view.overdraftLimitMinor(),
                    view.status(),
                    view.frozenDirection(),
                    view.freezeReason());
        }

        static AccountBalance of(AccountState state) {
            return new AccountBalance(
                    state.accountNumber(),
                    state.balanceMinor(),
                    state.currency(),
                    state.availableMinor(),
                    state.reservedMinor(),
                    state.overdraftLimitMinor(),
                    state.status(),
                    state.frozenDirection(),
                    state.freezeReason());
        }
    }

    // The default as 0.1 filled it in, so that a key stored then still fingerprints its request alike.
    private static final Idempotency.Route FREEZE =
            new Idempotency.Route("POST /accounts/{account_number}/freeze", Map.of("direction", "all"));
    private static final Idempotency.Route UNFREEZE =
            new Idempotency.Route("POST /accounts/{account_number}/unfreeze", Map.of());
    private static final Idempotency.Route CLOSE =
            new Idempotency.Route("POST /accounts/{account_number}/close", Map.of());
    private static final List<String> DIRECTIONS = Stream.concat(
                    Arrays.stream(FreezeDirection.values()).map(FreezeDirection::name),
                    Arrays.stream(FreezeDirection.values()).map(FreezeDirection::prose))
            .toList();

    private final ObjectMapper json;
    private final AccountLifecycleUseCase lifecycle;
    private final QueryGateway queries;
    private final ReadAfterWrite readAfterWrite;
    private final Idempotency idempotency;

    AccountLifecycleController(
            ObjectMapper json,
            AccountLifecycleUseCase lifecycle,
            QueryGateway queries,
            ReadAfterWrite readAfterWrite,
            Idempotency idempotency) {
        this.json = json;
        this.lifecycle = lifecycle;
        this.queries = queries;
        this.readAfterWrite = readAfterWrite;
        this.idempotency = idempotency;
    }

    @PostMapping("/accounts/{accountNumber}/freeze")
    @Operation(
            summary = "Freeze an account (admin)",
            description = "A frozen account takes no movement in the frozen direction (deposit, withdrawal,"
                    + " transfer leg, reservation, post): 409 ACCOUNT_FROZEN with the reason. Releasing a"
                    + " reservation (void, expiry) still works. Freezing a frozen account replaces its"
                    + " direction and reason.",
            requestBody =
                    @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            required = true,
                            content = @Content(schema = @Schema(implementation = FreezeRequest.class))))
    @ApiResponse(
            responseCode = "200",
            description = "The account, frozen",
            content = @Content(schema = @Schema(implementation = AccountBalance.class)))
    ResponseEntity<?> freeze(
            @PathVariable String accountNumber,
            @RequestBody(required = false) byte[] body,
            @RequestHeader(value = HttpHeaders.CONTENT_TYPE, required = false) String contentType,
            @Parameter(description = Idempotency.DESCRIPTION)
                    @RequestHeader(value = Idempotency.HEADER, required = false)
                    String key,
            HttpServletRequest http) {
        return change(FREEZE, accountNumber, body, contentType, key, http, false, request -> {
            var reason = request.requiredText("reason", MAX_REASON_LENGTH);
            var direction = request.optionalChoice("direction", "ALL", DIRECTIONS);
            var memo = request.memo();
            request.validate();
            var frozen = FreezeDirection.parse(direction).orElseThrow().name();
            return number -> lifecycle.freeze(number, frozen, reason, memo);
        });
    }

    @PostMapping("/accounts/{accountNumber}/unfreeze")
    @Operation(
            summary = "Lift an account's freeze (admin)",
            description = "An account that is not frozen is answered as it is.")
    @ApiResponse(
            responseCode = "200",
            description = "The account, active",
            content = @Content(schema = @Schema(implementation = AccountBalance.class)))
    ResponseEntity<?> unfreeze(
            @PathVariable String accountNumber,
            @RequestBody(required = false) byte[] body,
            @RequestHeader(value = HttpHeaders.CONTENT_TYPE, required = false) String contentType,
            @Parameter(description = Idempotency.DESCRIPTION)
                    @RequestHeader(value = Idempotency.HEADER, required = false)
                    String key,
            HttpServletRequest http) {
        return change(UNFREEZE, accountNumber, body, contentType, key, http, true, request -> {
            var memo = request.memo();
            request.validate();
            return number -> lifecycle.unfreeze(number, memo);
        });
    }

    @PostMapping("/accounts/{accountNumber}/close")
    @Operation(
            summary = "Close an account for good (admin)",
            description = "Only at a zero balance with no open reservation (else 409 ACCOUNT_NOT_EMPTY, saying"
                    + " which). Closed is final: every movement answers 409 ACCOUNT_CLOSED, and the number is"
                    + " never given to another account (409 ACCOUNT_ALREADY_EXISTS). Balance, ledger and events"
                    + " stay readable.")
    @ApiResponse(
            responseCode = "200",
            description = "The account, closed",
            content = @Content(schema = @Schema(implementation = AccountBalance.class)))
    ResponseEntity<?> close(
            @PathVariable String accountNumber,
            @RequestBody(required = false) byte[] body,
            @RequestHeader(value = HttpHeaders.CONTENT_TYPE, required = false) String contentType,
            @Parameter(description = Idempotency.DESCRIPTION)
                    @RequestHeader(value = Idempotency.HEADER, required = false)
                    String key,
            HttpServletRequest http) {
        return change(CLOSE, accountNumber, body, contentType, key, http, true, request -> {
            var memo = request.memo();
            request.validate();
            return number -> lifecycle.close(number, memo);
        });
    }

    /** A lifecycle change: the body (optional where nothing is asked), the number, the tenant, then the command. */
    private ResponseEntity<?> change(
            Idempotency.Route route,
            String accountNumber,
            byte[] body,
            String contentType,
            String key,
            HttpServletRequest http,
            boolean bodyOptional,
            Function<JsonRequest, Function<String, AccountState>> parse) {
        return change(
                idempotency,
                json,
                readAfterWrite,
                route,
                accountNumber,
                body,
                contentType,
                key,
                http,
                bodyOptional,
                parse);
    }

    /**
     * A change of one account's state answered with its balance: the body (optional where nothing is
     * asked), the number, the tenant, then the command; shared with the other routes that answer so.
     */
    static ResponseEntity<?> change(
            Idempotency idempotency,
            ObjectMapper json,
            ReadAfterWrite readAfterWrite,
            Idempotency.Route route,
            String accountNumber,
            byte[] body,
            String contentType,
            String key,
            HttpServletRequest http,
            boolean bodyOptional,
            Function<JsonRequest, Function<String, AccountState>> parse) {
        return idempotency.handle(
                key, route, Map.of("account_number", accountNumber), body, contentType, http, new Idempotency.Write() {
                    @Override
                    public List<String> accounts() {
                        return Idempotency.account(accountNumber);
                    }

                    @Override
                    public Idempotency.Answer run() {
                        var request = bodyOptional
                                ? JsonRequest.parseOptional(json, body, contentType)
                                : JsonRequest.parse(json, body, contentType);
                        var command = parse.apply(request);
                        var number = AccountNumber.of(accountNumber);
                        Tenancy.require(number);
                        AccountState state = command.apply(number.value());
                        return Idempotency.Answer.after(
                                () -> ResponseEntity.ok(AccountBalance.of(state)), () -> readAfterWrite.await(state));
                    }
                });
    }

    @GetMapping("/accounts/{accountNumber}/reservations")
    @Operation(
            summary = "An account's open reservations (pending transfers from it), soonest expiry first",
            description = "At most `limit` (1-1000, default 100).")
    @ApiResponse(
            responseCode = "200",
            description = "Open reservations",
            content =
                    @Content(
                            array =
                                    @ArraySchema(
                                            schema =
                                                    @Schema(implementation = TransferController.TransferStatus.class))))
    List<TransferController.TransferStatus> reservations(
            @PathVariable String accountNumber, @RequestParam(value = "limit", required = false) String limit) {
        int pageSize = Paging.pageSize(limit);
        var number = AccountNumber.of(accountNumber);
        Tenancy.require(number);
        List<TransferView> open = queries.query(
                        new GetReservationsQuery(number.value(), pageSize),
                        ResponseTypes.multipleInstancesOf(TransferView.class))
                .join();
        // Only an empty list needs a second look to tell an unknown account from one with none.
        if (open.isEmpty()) {
            Optional<BalanceView> account = queries.query(
                            new GetBalanceQuery(number.value()), ResponseTypes.optionalInstanceOf(BalanceView.class))
                    .join();
            if (account.isEmpty()) {
                throw new AccountNotFound(number.value());
            }
        }
        return open.stream().map(TransferController::status).toList();
    }
}
