package io.bankcore.app.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.bankcore.api.TransferBatchReply;
import io.bankcore.command.port.in.TransferBatchUseCase;
import io.bankcore.command.transfer.TransferBatchService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.ObjectMapper;

/**
 * {@code POST /transfers/batch}: up to 1,000 transfers applied together, in the given order, or none of
 * them. The batch is one request of the write pipeline and one command, decided as a whole before
 * anything is applied.
 */
@RestController
@Tag(name = "transfers")
class TransferBatchController {

    static final String PATH = "/transfers/batch";
    static final int MAX_TRANSFERS = 1000;

    @Schema(name = "TransferBatchItem")
    record BatchItem(
            @JsonProperty("from_account_number") @Schema(requiredMode = Schema.RequiredMode.REQUIRED)
            String fromAccountNumber,

            @JsonProperty("to_account_number") @Schema(requiredMode = Schema.RequiredMode.REQUIRED)
            String toAccountNumber,

            @JsonProperty("amount_cents") @Schema(requiredMode = Schema.RequiredMode.REQUIRED, minimum = "1")
            Long amountCents,

            @JsonProperty("currency") @Schema(defaultValue = "BRL")
            String currency,

            @JsonProperty("description") @Schema(nullable = true, maxLength = 500)
            String description,

            @JsonProperty("metadata") @Schema(nullable = true, description = "the client's own keys and string values")
            Map<String, String> metadata) {}

    @Schema(name = "TransferBatchRequest")
    record BatchRequest(
            @JsonProperty("transfers")
            @ArraySchema(
                    minItems = 1,
                    maxItems = MAX_TRANSFERS,
                    schema = @Schema(implementation = BatchItem.class),
                    arraySchema = @Schema(requiredMode = Schema.RequiredMode.REQUIRED))
            List<BatchItem> transfers) {}

    @Schema(name = "TransferBatch")
    record BatchAnswer(
            @JsonProperty("batch_id") @Schema(description = "the batch's id, carried by each of its transfers' events")
            String batchId,

            @JsonProperty("transfers")
            @Schema(description = "each transfer, in the batch's order, with balances after it")
            List<TransferController.TransferResult> transfers) {}

    private static final Idempotency.Route ROUTE = new Idempotency.Route("POST " + PATH, Map.of());

    private final ObjectMapper json;
    private final TransferBatchUseCase batches;
    private final ReadAfterWrite readAfterWrite;
    private final Idempotency idempotency;

    TransferBatchController(
            ObjectMapper json, TransferBatchUseCase batches, ReadAfterWrite readAfterWrite, Idempotency idempotency) {
        this.json = json;
        this.batches = batches;
        this.readAfterWrite = readAfterWrite;
        this.idempotency = idempotency;
    }

    @PostMapping(PATH)
    @Operation(
            summary = "Apply several transfers together, or none of them",
            description = "1 to 1,000 transfers, applied in the given order (a later one may spend what an earlier"
                    + " one brought), all in one transaction. Each is a transfer of its own (its correlation id,"
                    + " events and ledger lines, which carry the batch's `batch_id`). If any would be refused,"
                    + " none is applied: the answer is `BATCH_REFUSED` with the status the first refused transfer"
                    + " would get alone, its `failed_index`, and per transfer `APPLIED_NOTHING` or its own"
                    + " refusal's code (decided on the accounts as the accepted transfers before it would leave"
                    + " them). Body errors name the transfer (`transfers[3].amount_cents`). An Idempotency-Key"
                    + " covers the whole batch.",
            requestBody =
                    @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            required = true,
                            content = @Content(schema = @Schema(implementation = BatchRequest.class))))
    @ApiResponse(
            responseCode = "200",
            description = "Every transfer applied",
            content = @Content(schema = @Schema(implementation = BatchAnswer.class)))
    ResponseEntity<?> batch(
            @RequestBody(required = false) byte[] body,
            @RequestHeader(value = HttpHeaders.CONTENT_TYPE, required = false) String contentType,
            @Parameter(description = Idempotency.DESCRIPTION)
                    @RequestHeader(value = Idempotency.HEADER, required = false)
                    String key,
            HttpServletRequest http) {
        return idempotency.handle(key, ROUTE, Map.of(), body, contentType, http, new Idempotency.Write() {
            private final Parsed<List<TransferBatchUseCase.Request>> transfers =
                    new Parsed<>(() -> parse(body, contentType));

            @Override
            public List<String> accounts() {
                try {
                    return TransferBatchService.accounts(transfers.get());
                } catch (RuntimeException refused) {
                    return List.of(); // run() gives the refusal
                }
            }

            @Override
            public Idempotency.Answer run() {
                var reply = batches.apply(transfers.get(), hidden(transfers.get()));
                return Idempotency.Answer.after(() -> ResponseEntity.ok(answer(reply)), () -> awaitAccounts(reply));
            }
        });
    }

    /** The body's transfers, every field checked; a 422 names each failed field by its transfer's place. */
    private List<TransferBatchUseCase.Request> parse(byte[] body, String contentType) {
        var request = JsonRequest.parse(json, body, contentType, JsonRequest.MAX_BATCH_BODY_BYTES);
        var items = request.items("transfers", 1, MAX_TRANSFERS);
        var transfers = new ArrayList<TransferBatchUseCase.Request>(items.size());
        for (var item : items) {
            if (!item.requireObject()) {
                continue;
            }
            var from = item.requiredString("from_account_number");
            var to = item.requiredString("to_account_number");
            long amount = item.amount("amount_cents", null, 1);
            var currency = item.currency("currency");
            var memo = item.memo();
            transfers.add(new TransferBatchUseCase.Request(from, to, amount, currency, memo));
        }
        request.validate();
        return transfers;
    }

    /** The accounts named in the batch that a client bound to a tenant may not see: unknown to it. */
    private static Set<String> hidden(List<TransferBatchUseCase.Request> transfers) {
        var hidden = new HashSet<String>();
        for (String number : TransferBatchService.accounts(transfers)) {
            if (!Tenancy.visible(number)) {
                hidden.add(number);
            }
        }
        return hidden;
    }

    private static BatchAnswer answer(TransferBatchReply reply) {
        return new BatchAnswer(
                reply.batchId(),
                reply.transfers().stream()
                        .map(t -> new TransferController.TransferResult(
                                t.transferId(),
                                t.fromAccountNumber(),
                                t.toAccountNumber(),
                                t.fromBalanceMinor(),
                                t.toBalanceMinor(),
                                t.currency()))
                        .toList());
    }

    /** Every account's read model reflects the batch before the answer goes out (read-after-write). */
    private void awaitAccounts(TransferBatchReply reply) {
        var last = new HashMap<String, Long>();
        for (var t : reply.transfers()) {
            last.merge(t.fromAccountNumber(), t.fromSequence(), Math::max);
            last.merge(t.toAccountNumber(), t.toSequence(), Math::max);
        }
        last.forEach(readAfterWrite::await);
    }
}
