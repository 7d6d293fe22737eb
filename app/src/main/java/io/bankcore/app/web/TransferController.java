package io.bankcore.app.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.bankcore.api.BalanceView;
import io.bankcore.api.GetBalanceQuery;
import io.bankcore.api.GetTransferQuery;
import io.bankcore.api.Memo;
import io.bankcore.api.TransferView;
import io.bankcore.app.idempotency.IdempotencyStore;
import io.bankcore.app.ops.TransferMdc;
import io.bankcore.command.port.in.PendingTransferUseCase;
import io.bankcore.command.port.in.TransferUseCase;
import io.bankcore.command.transfer.TransferReply;
import io.bankcore.domain.AccountNotFound;
import io.bankcore.domain.AccountNumber;
import io.bankcore.domain.CurrencyCode;
import io.bankcore.domain.ErrorCode;
import io.bankcore.domain.SameAccountTransfer;
import io.bankcore.domain.TransferNotFound;
import io.bankcore.query.TransferReadModel;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.ObjectMapper;

/**
 * {@code POST /transfers} and {@code GET /transfers/{id}}. The request's command checks the transfer in
 * the contract's order against both accounts before anything moves, so the common refusals leave no
 * trace at all; the saga then moves the money, in the same transaction when both accounts are handled
 * here (the reply then carries the outcome), otherwise later, and the reply waits (bounded) for it.
 */
@RestController
@Tag(name = "transfers")
class TransferController {

    @Schema(name = "TransferRequest")
    record TransferRequest(
            @JsonProperty("from_account_number")
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "000001")
            String fromAccountNumber,

            @JsonProperty("to_account_number") @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "000002")
            String toAccountNumber,

            @JsonProperty("amount_cents") @Schema(requiredMode = Schema.RequiredMode.REQUIRED, minimum = "1")
            Long amountCents,

            @JsonProperty("currency") @Schema(defaultValue = "BRL")
            String currency,

            @JsonProperty("pending")
            @Schema(
                    defaultValue = "false",
                    description = "true: only reserve the amount on the source (201, status RESERVED), to be"
                            + " posted or voided later, or released at expiry")
            Boolean pending,

            @JsonProperty("timeout_seconds")
            @Schema(
                    minimum = "1",
                    maximum = "2592000",
                    defaultValue = "86400",
                    description = "a pending transfer's lifetime; only with pending: true")
            Long timeoutSeconds) {}

    @Schema(name = "TransferResult")
    record TransferResult(
            @JsonProperty("correlation_id") String correlationId,
            @JsonProperty("from_account_number") String fromAccountNumber,
            @JsonProperty("to_account_number") String toAccountNumber,
            @JsonProperty("from_balance_cents") long fromBalanceCents,
            @JsonProperty("to_balance_cents") long toBalanceCents,
            @JsonProperty("currency") String currency) {}

    @Schema(name = "Transfer")
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record TransferStatus(
            @JsonProperty("correlation_id") String correlationId,

            @JsonProperty("status")
            @Schema(allowableValues = {"PENDING", "COMPLETED", "FAILED", "RESERVED", "VOIDED", "EXPIRED"})
            String status,

            @JsonProperty("from_account_number") String fromAccountNumber,
            @JsonProperty("to_account_number") String toAccountNumber,
            @JsonProperty("amount_cents") long amountCents,
            @JsonProperty("currency") String currency,

            @JsonProperty("from_balance_cents") @Schema(nullable = true)
            Long fromBalanceCents,

            @JsonProperty("to_balance_cents") @Schema(nullable = true)
            Long toBalanceCents,

            @JsonProperty("failure_code") @Schema(nullable = true)
            String failureCode,

            @JsonProperty("failure_reason") @Schema(nullable = true)
            String failureReason,

            @JsonProperty("refunded") boolean refunded,
            @JsonProperty("requested_at") String requestedAt,

            @JsonProperty("finished_at") @Schema(nullable = true)
            String finishedAt,

            @JsonProperty("pending") @Schema(description = "true for a two-phase transfer (reserved first)")
            boolean pending,

            @JsonProperty("expires_at") @Schema(nullable = true, description = "a pending transfer's expiry")
            String expiresAt,

            @JsonProperty("posted_amount_cents")
            @Schema(nullable = true, description = "the amount a posted pending transfer moved")
            Long postedAmountCents,

            @JsonProperty("description")
            @Schema(nullable = true, description = "the transfer's description, if it had one")
            String description,

            @JsonProperty("metadata")
            @Schema(description = "the transfer's metadata: the client's own keys and string values; {} when none")
            Map<String, String> metadata,

            @JsonProperty("reversed_amount_cents")
            @Schema(description = "what reversals of this transfer moved back in all (0 when none)")
            long reversedAmountCents,

            @JsonProperty("reversals") @Schema(description = "the transfer's reversals, oldest first")
            List<ReversalEntry> reversals,

            @JsonProperty("batch_id")
            @JsonInclude(JsonInclude.Include.NON_NULL)
            @Schema(description = "only for a transfer made by an atomic batch (POST /transfers/batch): its id")
            String batchId) {}

    @Schema(name = "TransferReversal")
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record ReversalEntry(
            @JsonProperty("reversal_id") String reversalId,
            @JsonProperty("amount_cents") long amountCents,

            @JsonProperty("reversed_amount_cents") @Schema(description = "what was reversed in all after it")
            long reversedAmountCents,

            @JsonProperty("from_balance_cents") @Schema(description = "the transfer's source's balance after it")
            long fromBalanceCents,

            @JsonProperty("to_balance_cents") @Schema(description = "the transfer's destination's balance after it")
            long toBalanceCents,

            @JsonProperty("reversed_at") String reversedAt,

            @JsonProperty("description") @Schema(nullable = true)
            String description,

            @JsonProperty("metadata") Map<String, String> metadata) {}

    private static final Idempotency.Route ROUTE = new Idempotency.Route(
            "POST /transfers",
            Map.of(
                    "currency",
                    CurrencyCode.BRL.code(),
                    "pending",
                    false,
                    "timeout_seconds",
                    PendingTransferController.DEFAULT_TIMEOUT_SECONDS));
    private static final String LOCATION_PREFIX = "/transfers/";

    private final ObjectMapper json;
    private final TransferUseCase transfers;
    private final PendingTransferUseCase pendingTransfers;
    private final TransferReadModel transferReadModel;
    private final ReadAfterWrite readAfterWrite;
    private final QueryGateway queries;
    private final Duration replyTimeout;
    private final Idempotency idempotency;

    TransferController(
            ObjectMapper json,
            TransferUseCase transfers,
            PendingTransferUseCase pendingTransfers,
            TransferReadModel transferReadModel,
            ReadAfterWrite readAfterWrite,
            QueryGateway queries,
            @Value("${bankcore.transfer-reply-timeout:5s}") Duration replyTimeout,
            Idempotency idempotency) {
        this.json = json;
        this.transfers = transfers;
        this.pendingTransfers = pendingTransfers;
        this.transferReadModel = transferReadModel;
        this.readAfterWrite = readAfterWrite;
        this.queries = queries;
        this.replyTimeout = replyTimeout;
        this.idempotency = idempotency;
    }

    @PostMapping("/transfers")
    @Operation(
            summary = "Transfer money between two accounts, or reserve it (a pending transfer)",
            description = "Answers 200 with both balances once both legs are done. If the transfer has not"
                    + " settled within the reply timeout, answers 202 with a Location to poll. With"
                    + " `\"pending\": true` the amount is only reserved on the source (checked against its"
                    + " available balance): 201 with the transfer, status RESERVED, until"
                    + " `POST /transfers/{id}/post` or `/void`, or its `expires_at` (`timeout_seconds` later).",
            requestBody =
                    @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            required = true,
                            content = @Content(schema = @Schema(implementation = TransferRequest.class))))
    @ApiResponse(
            responseCode = "200",
            description = "Done: balances after the transfer",
            content = @Content(schema = @Schema(implementation = TransferResult.class)))
    @ApiResponse(
            responseCode = "201",
            description = "Reserved (pending: true): the pending transfer",
            content = @Content(schema = @Schema(implementation = PendingTransferController.PendingTransfer.class)))
    @ApiResponse(
            responseCode = "202",
            description = "Still running: poll the Location",
            content = @Content(schema = @Schema(implementation = TransferStatus.class)))
    ResponseEntity<?> transfer(
            @RequestBody(required = false) byte[] body,
            @RequestHeader(value = HttpHeaders.CONTENT_TYPE, required = false) String contentType,
            @Parameter(description = Idempotency.DESCRIPTION)
                    @RequestHeader(value = Idempotency.HEADER, required = false)
                    String key,
            HttpServletRequest http) {
        return idempotency.handle(key, ROUTE, Map.of(), body, contentType, http, new Idempotency.Write() {
            private final Parsed<JsonRequest> parsed = new Parsed<>(() -> JsonRequest.parse(json, body, contentType));

            private JsonRequest request() {
                return parsed.get();
            }

            @Override
            public List<String> accounts() {
                try {
                    var request = request();
                    return java.util.stream.Stream.of(
                                    request.peekString("from_account_number"), request.peekString("to_account_number"))
                            .flatMap(raw -> Idempotency.account(raw).stream())
                            .toList();
                } catch (RuntimeException refused) {
                    return List.of(); // run() gives the refusal
                }
            }

            @Override
            public Idempotency.Answer run() {
                var request = request().again();
                var rawFrom = request.requiredString("from_account_number");
                var rawTo = request.requiredString("to_account_number");
                long amount = request.amount("amount_cents", null, 1);
                var currency = request.currency("currency");
                boolean pending = request.optionalBoolean("pending", false);
                long timeoutSeconds = request.optionalInteger(
                        "timeout_seconds",
                        PendingTransferController.DEFAULT_TIMEOUT_SECONDS,
                        1,
                        PendingTransferController.MAX_TIMEOUT_SECONDS);
                if (!pending && request.has("timeout_seconds")) {
                    request.reject("timeout_seconds", "applies only to a pending transfer (\"pending\": true)");
                }
                var memo = request.memo();
                request.validate();
                var from = AccountNumber.of(rawFrom);
                var to = AccountNumber.of(rawTo);
                if (from.equals(to)) {
                    throw new SameAccountTransfer("Cannot transfer to the same account.");
                }
                requireVisible(from, to);
                if (pending) {
                    var reserved = pendingTransfers.reserve(
                            from.value(), to.value(), amount, currency, Duration.ofSeconds(timeoutSeconds), memo);
                    TransferMdc.put(reserved.transferId());
                    return Idempotency.Answer.after(
                            () -> ResponseEntity.status(HttpStatus.CREATED)
                                    .location(URI.create(LOCATION_PREFIX + reserved.transferId()))
                                    .body(PendingTransferController.answer(reserved)),
                            () -> readAfterWrite.await(reserved.fromAccountNumber(), reserved.fromSequence()));
                }
                // The accounts are checked (existence, currencies, funds, room) by the command, against the
                // accounts themselves, in the contract's order.
                TransferReply reply = transfers.requestTransfer(from.value(), to.value(), amount, currency, memo);
                // The rest of the request (and its log line) concerns this transfer; RequestLogFilter clears it.
                TransferMdc.put(reply.transferId());
                return new Idempotency.Answer() {
                    @Override
                    public ResponseEntity<?> stored() {
                        return outcome(reply, from, to, amount, currency, memo);
                    }

                    @Override
                    public ResponseEntity<?> sent(ResponseEntity<?> stored) {
                        return stored.getStatusCode().value() == 202
                                ? awaitOutcome(reply.transferId(), stored)
                                : stored;
                    }
                };
            }

            @Override
            public Optional<ResponseEntity<?>> current(IdempotencyStore.Stored accepted) {
                var location = accepted.location();
                if (location == null || !location.startsWith(LOCATION_PREFIX)) {
                    return Optional.empty();
                }
                var transferId = location.substring(LOCATION_PREFIX.length());
                return transferReadModel.find(transferId).map(TransferController.this::settledAnswer);
            }
        });
    }

    /**
     * For a client bound to a tenant: an account outside it is refused as one that does not exist,
     * in the order the command checks existence (the source first).
     */
    private void requireVisible(AccountNumber from, AccountNumber to) {
        if (!Tenancy.visible(from.value())) {
            throw new AccountNotFound(from.value());
        }
        if (!Tenancy.visible(to.value())) {
            boolean fromExists = queries.query(
                            new GetBalanceQuery(from.value()), ResponseTypes.optionalInstanceOf(BalanceView.class))
                    .join()
                    .isPresent();
            throw new AccountNotFound(fromExists ? to.value() : from.value());
        }
    }

    /**
     * The outcome known in the request's unit of work, once the saga has handled its events: settled in
     * it (both accounts handled here), or else still running, 202 with a Location to poll.
     */
    private static ResponseEntity<?> outcome(
            TransferReply reply, AccountNumber from, AccountNumber to, long amount, String currency, Memo memo) {
        String transferId = reply.transferId();
        if (reply.completed().isPresent()) {
            // Settled in the request's own transaction: the read models hold it already.
            var done = reply.completed().get();
            return ResponseEntity.ok(new TransferResult(
                    transferId, from.value(), to.value(), done.fromBalanceMinor(), done.toBalanceMinor(), currency));
        }
        if (reply.failed().isPresent()) {
            var failed = reply.failed().get();
            throw failure(transferId, failed.code(), failed.reason(), failed.refunded());
        }
        return ResponseEntity.accepted()
                .location(URI.create(LOCATION_PREFIX + transferId))
                .body(pending(transferId, from, to, amount, currency, memo));
    }

    /**
     * After the commit, for a transfer whose saga goes on elsewhere (a streaming saga processor): waits,
     * bounded, for its outcome, and answers it; still pending, the 202.
     */
    private ResponseEntity<?> awaitOutcome(String transferId, ResponseEntity<?> accepted) {
        TransferView settled;
        try {
            settled = transferReadModel.awaitSettled(transferId, replyTimeout).orElse(null);
        } catch (DataAccessException unreadable) {
            // The transfer is recorded and runs on: answer it as pending rather than as a failure.
            settled = null;
        }
        if (settled == null) {
            return accepted;
        }
        if (!settled.status().equals("PENDING")) {
            awaitAccounts(settled);
        }
        return settledAnswer(settled);
    }

    /** A transfer's answer from its read model: 200 when completed, its refusal when failed, else 202. */
    private ResponseEntity<?> settledAnswer(TransferView transfer) {
        if (transfer.status().equals("PENDING")) {
            return ResponseEntity.accepted()
                    .location(URI.create(LOCATION_PREFIX + transfer.transferId()))
                    .body(status(transfer));
        }
        if (transfer.status().equals("FAILED")) {
            throw failure(transfer.transferId(), transfer.failureCode(), transfer.failureReason(), transfer.refunded());
        }
        return ResponseEntity.ok(new TransferResult(
                transfer.transferId(),
                transfer.fromAccountNumber(),
                transfer.toAccountNumber(),
                transfer.fromBalanceMinor(),
                transfer.toBalanceMinor(),
                transfer.currency()));
    }

    @GetMapping("/transfers/{transferId}")
    @Operation(summary = "A transfer's state: PENDING, COMPLETED or FAILED (with the reason)")
    @ApiResponse(
            responseCode = "200",
            description = "The transfer",
            content = @Content(schema = @Schema(implementation = TransferStatus.class)))
    TransferStatus get(@PathVariable String transferId) {
        TransferMdc.put(transferId.strip());
        Optional<TransferView> transfer = queries.query(
                        new GetTransferQuery(transferId.strip()), ResponseTypes.optionalInstanceOf(TransferView.class))
                .join();
        return transfer.filter(t -> Tenancy.visible(t.fromAccountNumber()) && Tenancy.visible(t.toAccountNumber()))
                .map(TransferController::status)
                .orElseThrow(() -> new TransferNotFound(transferId));
    }

    /** Both accounts' read models reflect the legs before the reply goes out (read-after-write). */
    private void awaitAccounts(TransferView transfer) {
        if (transfer.fromSequence() != null) {
            readAfterWrite.await(transfer.fromAccountNumber(), transfer.fromSequence());
        }
        if (transfer.toSequence() != null) {
            readAfterWrite.await(transfer.toAccountNumber(), transfer.toSequence());
        }
    }

    private static ApiProblem failure(String transferId, String failureCode, String reason, boolean refunded) {
        boolean known = Arrays.stream(ErrorCode.values()).anyMatch(c -> c.name().equals(failureCode));
        var code = known ? ProblemCode.valueOf(failureCode) : ProblemCode.TRANSFER_ABORTED;
        return new ApiProblem(code, reason, List.of(), Map.of("correlation_id", transferId, "refunded", refunded));
    }

    private static TransferStatus pending(
            String transferId, AccountNumber from, AccountNumber to, long amount, String currency, Memo memo) {
        return new TransferStatus(
                transferId,
                "PENDING",
                from.value(),
                to.value(),
                amount,
                currency,
                null,
                null,
                null,
                null,
                false,
                Paging.iso(Instant.now()),
                null,
                false,
                null,
                null,
                memo.description(),
                memo.metadata(),
                0,
                List.of(),
                null);
    }

    static TransferStatus status(TransferView t) {
        return new TransferStatus(
                t.transferId(),
                t.status(),
                t.fromAccountNumber(),
                t.toAccountNumber(),
                t.amountMinor(),
                t.currency(),
                t.fromBalanceMinor(),
                t.toBalanceMinor(),
                t.failureCode(),
                t.failureReason(),
                t.refunded(),
                Paging.iso(t.requestedAt()),
                t.finishedAt() == null ? null : Paging.iso(t.finishedAt()),
                t.pending(),
                t.expiresAt() == null ? null : Paging.iso(t.expiresAt()),
                t.postedMinor(),
                t.memo().description(),
                t.memo().metadata(),
                t.reversedMinor(),
                t.reversals().stream()
                        .map(r -> new ReversalEntry(
                                r.reversalId(),
                                r.amountMinor(),
                                r.reversedMinor(),
                                r.fromBalanceMinor(),
                                r.toBalanceMinor(),
                                Paging.iso(r.reversedAt()),
                                r.memo().description(),
                                r.memo().metadata()))
                        .toList(),
                t.memo().batchId());
    }
}
