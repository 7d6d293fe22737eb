package io.bankcore.app.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.bankcore.command.port.in.OverdraftLimitUseCase;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.ObjectMapper;

/**
 * An account's overdraft limit: how far below zero its balance may go. A client's decision (scope
 * {@code accounts:write}), answered with the balance as {@code GET /accounts/{n}/balance} shows it.
 */
@RestController
@Tag(name = "accounts")
class OverdraftLimitController {

    @Schema(name = "OverdraftLimitRequest")
    record OverdraftLimitRequest(
            @JsonProperty("overdraft_limit_cents")
            @Schema(
                    requiredMode = Schema.RequiredMode.REQUIRED,
                    minimum = "0",
                    description = "how far below 0 the balance may go, in minor units (cents); 0: not at all")
            Long overdraftLimitCents,

            @JsonProperty("description") @Schema(nullable = true, maxLength = 500)
            String description,

            @JsonProperty("metadata") @Schema(nullable = true)
            Map<String, String> metadata) {}

    private static final Idempotency.Route CHANGE =
            new Idempotency.Route("PUT /accounts/{account_number}/overdraft-limit", Map.of());

    private final ObjectMapper json;
    private final OverdraftLimitUseCase overdraftLimits;
    private final ReadAfterWrite readAfterWrite;
    private final Idempotency idempotency;

    OverdraftLimitController(
            ObjectMapper json,
            OverdraftLimitUseCase overdraftLimits,
            ReadAfterWrite readAfterWrite,
            Idempotency idempotency) {
        this.json = json;
        this.overdraftLimits = overdraftLimits;
        this.readAfterWrite = readAfterWrite;
        this.idempotency = idempotency;
    }

    @PutMapping("/accounts/{accountNumber}/overdraft-limit")
    @Operation(
            summary = "Set an account's overdraft limit",
            description = "`overdraft_limit_cents` (an integer >= 0, required): the balance may then go down to"
                    + " minus it, and a withdrawal, transfer or reservation may take `balance + limit - reserved`"
                    + " (`available_balance_cents`). A limit below what the account already uses is allowed:"
                    + " it only stops further debits until the account is back within it. Closing still needs a"
                    + " balance of 0. A closed account refuses (409 ACCOUNT_CLOSED); a frozen one takes a new"
                    + " limit. The change is an event (`account.overdraft_limit_changed`); the same limit again"
                    + " writes none. Scope `accounts:write`.",
            requestBody =
                    @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            required = true,
                            content = @Content(schema = @Schema(implementation = OverdraftLimitRequest.class))))
    @ApiResponse(
            responseCode = "200",
            description = "The account's balance with its new limit",
            content = @Content(schema = @Schema(implementation = AccountLifecycleController.AccountBalance.class)))
    ResponseEntity<?> change(
            @PathVariable String accountNumber,
            @RequestBody(required = false) byte[] body,
            @RequestHeader(value = HttpHeaders.CONTENT_TYPE, required = false) String contentType,
            @Parameter(description = Idempotency.DESCRIPTION)
                    @RequestHeader(value = Idempotency.HEADER, required = false)
                    String key,
            HttpServletRequest http) {
        return AccountLifecycleController.change(
                idempotency,
                json,
                readAfterWrite,
                CHANGE,
                accountNumber,
                body,
                contentType,
                key,
                http,
                false,
                request -> {
                    long limit = request.amount("overdraft_limit_cents", null, 0);
                    var memo = request.memo();
                    request.validate();
                    return number -> overdraftLimits.changeOverdraftLimit(number, limit, memo);
                });
    }
}
