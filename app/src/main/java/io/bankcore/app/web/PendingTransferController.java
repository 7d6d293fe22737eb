package io.bankcore.app.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.bankcore.api.PendingTransferReply;
import io.bankcore.app.ops.TransferMdc;
import io.bankcore.command.port.in.PendingTransferUseCase;
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
import java.util.function.Function;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.ObjectMapper;

/**
 * The second phase of a pending transfer: {@code POST /transfers/{id}/post} moves all or part of the
 * reserved amount and releases the rest; {@code POST /transfers/{id}/void} releases it all. Whichever
 * of post, void and expiry comes first ends the transfer; the others answer 409
 * {@code TRANSFER_NOT_PENDING}, naming the status.
 */
@RestController
@Tag(name = "transfers")
class PendingTransferController {

    static final long DEFAULT_TIMEOUT_SECONDS = 86_400;
    static final long MAX_TIMEOUT_SECONDS = 2_592_000;

    @Schema(name = "PostTransferRequest")
    record PostRequest(
            @JsonProperty("amount_cents")
            @Schema(minimum = "1", description = "at most the reserved amount; default: all of it")
            Long amountCents) {}

    @Schema(name = "PendingTransfer")
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record PendingTransfer(
            @JsonProperty("correlation_id") String correlationId,

            @JsonProperty("status") @Schema(allowableValues = {"RESERVED", "COMPLETED", "VOIDED"})
            String status,

            @JsonProperty("pending") boolean pending,
            @JsonProperty("from_account_number") String fromAccountNumber,
            @JsonProperty("to_account_number") String toAccountNumber,

            @JsonProperty("amount_cents") @Schema(description = "the reserved amount")
            long amountCents,

            @JsonProperty("posted_amount_cents") @Schema(nullable = true, description = "the amount posted")
            Long postedAmountCents,

            @JsonProperty("currency") String currency,
            @JsonProperty("expires_at") String expiresAt,

            @JsonProperty("from_balance_cents") @Schema(description = "the source's (posted) balance after it")
            long fromBalanceCents,

            @JsonProperty("available_balance_cents") @Schema(description = "the source's available balance after it")
            long availableBalanceCents,

            @JsonProperty("to_balance_cents") @Schema(nullable = true, description = "the destination's, once posted")
            Long toBalanceCents) {}

    private static final Idempotency.Route POST = new Idempotency.Route("POST /transfers/{id}/post", Map.of());
    private static final Idempotency.Route VOID = new Idempotency.Route("POST /transfers/{id}/void", Map.of());

    private final ObjectMapper json;
    private final PendingTransferUseCase pendingTransfers;
    private final TransferReadModel transfers;
    private final ReadAfterWrite readAfterWrite;
    private final Idempotency idempotency;
    private final TransferAccounts transferAccounts;

    PendingTransferController(
            ObjectMapper json,
            PendingTransferUseCase pendingTransfers,
            TransferReadModel transfers,
            ReadAfterWrite readAfterWrite,
            Idempotency idempotency,
            TransferAccounts transferAccounts) {
        this.json = json;
        this.pendingTransfers = pendingTransfers;
        this.transfers = transfers;
        this.readAfterWrite = readAfterWrite;
        this.idempotency = idempotency;
        this.transferAccounts = transferAccounts;
    }

    @PostMapping("/transfers/{transferId}/post")
    @Operation(
            summary = "Post a pending transfer: move all or part of the reserved amount",
            description = "Moves `amount_cents` (1 to the reserved amount; default: all) from the source to the"
                    + " destination and releases the rest. A refusal (the destination closed, frozen or"
                    + " full; the source frozen for debits) leaves the reservation as it was.",
            requestBody =
                    @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            content = @Content(schema = @Schema(implementation = PostRequest.class))))
    @ApiResponse(
            responseCode = "200",
            description = "Posted: status COMPLETED",
            content = @Content(schema = @Schema(implementation = PendingTransfer.class)))
    ResponseEntity<?> post(
            @PathVariable String transferId,
            @RequestBody(required = false) byte[] body,
            @RequestHeader(value = HttpHeaders.CONTENT_TYPE, required = false) String contentType,
            @Parameter(description = Idempotency.DESCRIPTION)
                    @RequestHeader(value = Idempotency.HEADER, required = false)
                    String key,
            HttpServletRequest http) {
        return end(POST, transferId, body, contentType, key, http, request -> {
            Long amount = request.optionalAmount("amount_cents", 1);
            var memo = request.memo();
            request.validate();
            return id -> pendingTransfers.post(id, amount, memo);
        });
    }

    @PostMapping("/transfers/{transferId}/void")
    @Operation(summary = "Void a pending transfer: release the reserved amount, move nothing")
    @ApiResponse(
            responseCode = "200",
            description = "Voided: status VOIDED",
            content = @Content(schema = @Schema(implementation = PendingTransfer.class)))
    ResponseEntity<?> voidTransfer(
            @PathVariable String transferId,
            @RequestBody(required = false) byte[] body,
            @RequestHeader(value = HttpHeaders.CONTENT_TYPE, required = false) String contentType,
            @Parameter(description = Idempotency.DESCRIPTION)
                    @RequestHeader(value = Idempotency.HEADER, required = false)
                    String key,
            HttpServletRequest http) {
        return end(VOID, transferId, body, contentType, key, http, request -> {
            var memo = request.memo();
            request.validate();
            return id -> pendingTransfers.voidTransfer(id, memo);
        });
    }

    /** Post or void: the body, the transfer as the client may see it, then the command. */
    private ResponseEntity<?> end(
            Idempotency.Route route,
            String rawTransferId,
            byte[] body,
            String contentType,
            String key,
            HttpServletRequest http,
            Function<JsonRequest, Function<String, PendingTransferReply>> parse) {
        String transferId = rawTransferId.strip();
        return idempotency.handle(
                key, route, Map.of("id", transferId), body, contentType, http, new Idempotency.Write() {
                    @Override
                    public List<String> accounts() {
                        return transferAccounts.of(transferId);
                    }

                    @Override
                    public Idempotency.Answer run() {
                        var command = parse.apply(JsonRequest.parseOptional(json, body, contentType));
                        TransferMdc.put(transferId);
                        Tenancy.requireTransfer(transfers, transferId);
                        PendingTransferReply reply = command.apply(transferId);
                        return Idempotency.Answer.after(() -> ResponseEntity.ok(answer(reply)), () -> {
                            readAfterWrite.await(reply.fromAccountNumber(), reply.fromSequence());
                            if (reply.toSequence() != null) {
                                readAfterWrite.await(reply.toAccountNumber(), reply.toSequence());
                            }
                        });
                    }
                });
    }

    static PendingTransfer answer(PendingTransferReply reply) {
        return new PendingTransfer(
                reply.transferId(),
                reply.status(),
                true,
                reply.fromAccountNumber(),
                reply.toAccountNumber(),
                reply.amountMinor(),
                reply.postedMinor(),
                reply.currency(),
                Paging.iso(reply.expiresAt()),
                reply.fromBalanceMinor(),
                reply.fromAvailableMinor(),
                reply.toBalanceMinor());
    }
}
