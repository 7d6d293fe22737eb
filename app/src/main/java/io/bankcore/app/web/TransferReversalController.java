package io.bankcore.app.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.bankcore.api.ReversalReply;
import io.bankcore.app.ops.TransferMdc;
import io.bankcore.command.port.in.ReversalUseCase;
import io.bankcore.command.port.out.TransferAccounts;
import io.bankcore.query.TransferReadModel;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.ObjectMapper;

/**
 * {@code POST /transfers/{id}/reverse}: all or part of a completed transfer goes back from its
 * destination to its source, in one transaction. Several partial reversals may follow each other up to
 * what the transfer moved.
 */
@RestController
@Tag(name = "transfers")
class TransferReversalController {

    @Schema(name = "ReverseTransferRequest")
    record ReverseRequest(
            @JsonProperty("amount_cents")
            @Schema(minimum = "1", description = "at most what is left to reverse; default: all of it")
            Long amountCents,

            @JsonProperty("description") @Schema(nullable = true, maxLength = 500)
            String description,

            @JsonProperty("metadata") @Schema(nullable = true, description = "the client's own keys and string values")
            Map<String, String> metadata) {}

    @Schema(name = "Reversal")
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Reversal(
            @JsonProperty("reversal_id") @Schema(description = "the reversal's own correlation id")
            String reversalId,

            @JsonProperty("transfer_id") String transferId,

            @JsonProperty("from_account_number")
            @Schema(description = "the transfer's source, which got the amount back")
            String fromAccountNumber,

            @JsonProperty("to_account_number") @Schema(description = "the transfer's destination, which gave it back")
            String toAccountNumber,

            @JsonProperty("amount_cents") @Schema(description = "what this reversal moved back")
            long amountCents,

            @JsonProperty("reversed_amount_cents")
            @Schema(description = "what the transfer's reversals moved back in all, this one included")
            long reversedAmountCents,

            @JsonProperty("from_balance_cents") @Schema(description = "the transfer's source's balance after it")
            long fromBalanceCents,

            @JsonProperty("to_balance_cents") @Schema(description = "the transfer's destination's balance after it")
            long toBalanceCents,

            @JsonProperty("currency") String currency) {}

    private static final Idempotency.Route ROUTE = new Idempotency.Route("POST /transfers/{id}/reverse", Map.of());

    private final ObjectMapper json;
    private final ReversalUseCase reversals;
    private final TransferReadModel transfers;
    private final ReadAfterWrite readAfterWrite;
    private final Idempotency idempotency;
    private final TransferAccounts transferAccounts;

    TransferReversalController(
            ObjectMapper json,
            ReversalUseCase reversals,
            TransferReadModel transfers,
            ReadAfterWrite readAfterWrite,
            Idempotency idempotency,
            TransferAccounts transferAccounts) {
        this.json = json;
        this.reversals = reversals;
        this.transfers = transfers;
        this.readAfterWrite = readAfterWrite;
        this.idempotency = idempotency;
        this.transferAccounts = transferAccounts;
    }

    @PostMapping("/transfers/{transferId}/reverse")
    @Operation(
            summary = "Reverse all or part of a completed transfer",
            description = "Moves `amount_cents` (default: all that is left to reverse) back from the transfer's"
                    + " destination to its source, in one transaction, with REVERSAL_OUT and REVERSAL_IN ledger"
                    + " lines carrying the reversal's own id. Refused as a transfer in the other direction would"
                    + " be (the destination's available balance, frozen for debits, closed; the source frozen"
                    + " for credits, closed); 409 TRANSFER_NOT_COMPLETED for a transfer that did not complete,"
                    + " 409 REVERSAL_EXCEEDS_TRANSFER beyond what is left to reverse.",
            requestBody =
                    @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            content = @Content(schema = @Schema(implementation = ReverseRequest.class))))
    @ApiResponse(
            responseCode = "200",
            description = "Reversed: balances of the transfer's accounts after it",
            content = @Content(schema = @Schema(implementation = Reversal.class)))
    ResponseEntity<?> reverse(
            @PathVariable("transferId") String rawTransferId,
            @RequestBody(required = false) byte[] body,
            @RequestHeader(value = HttpHeaders.CONTENT_TYPE, required = false) String contentType,
            @Parameter(description = Idempotency.DESCRIPTION)
                    @RequestHeader(value = Idempotency.HEADER, required = false)
                    String key,
            HttpServletRequest http) {
        String transferId = rawTransferId.strip();
        return idempotency.handle(
                key, ROUTE, Map.of("id", transferId), body, contentType, http, new Idempotency.Write() {
                    @Override
                    public List<String> accounts() {
                        return transferAccounts.of(transferId);
                    }

                    @Override
                    public Idempotency.Answer run() {
                        var request = JsonRequest.parseOptional(json, body, contentType);
                        Long amount = request.optionalAmount("amount_cents", 1);
                        var memo = request.memo();
                        request.validate();
                        TransferMdc.put(transferId);
                        Tenancy.requireTransfer(transfers, transferId);
                        ReversalReply reply = reversals.reverse(transferId, amount, memo);
                        return Idempotency.Answer.after(() -> ResponseEntity.ok(answer(reply)), () -> {
                            readAfterWrite.await(reply.fromAccountNumber(), reply.fromSequence());
                            readAfterWrite.await(reply.toAccountNumber(), reply.toSequence());
                        });
                    }
                });
    }

    static Reversal answer(ReversalReply reply) {
        return new Reversal(
                reply.reversalId(),
                reply.transferId(),
                reply.fromAccountNumber(),
                reply.toAccountNumber(),
                reply.amountMinor(),
                reply.reversedMinor(),
                reply.fromBalanceMinor(),
                reply.toBalanceMinor(),
                reply.currency());
    }
}
