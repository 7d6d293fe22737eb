package io.bankcore.app.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Map;

/** The JSON shapes of the HTTP contract, field for field. */
final class Dtos {

    private Dtos() {}

    @Schema(name = "CreateAccountRequest")
    record CreateAccountRequest(
            @JsonProperty("account_number")
            @Schema(
                    requiredMode = Schema.RequiredMode.REQUIRED,
                    example = "000001",
                    description = "6 to 12 ASCII digits; surrounding whitespace is trimmed")
            String accountNumber,

            @JsonProperty("initial_balance_cents")
            @Schema(minimum = "0", defaultValue = "0", description = "minor units (cents)")
            Long initialBalanceCents,

            @JsonProperty("overdraft_limit_cents")
            @Schema(
                    minimum = "0",
                    defaultValue = "0",
                    description = "how far below 0 the balance may go, in minor units (cents); 0: not at all")
            Long overdraftLimitCents,

            @JsonProperty("currency") @Schema(defaultValue = "BRL", description = "ISO-4217 alphabetic code")
            String currency) {}

    @Schema(name = "MoneyRequest")
    record MoneyRequest(
            @JsonProperty("amount_cents")
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, minimum = "1", description = "minor units (cents)")
            Long amountCents,

            @JsonProperty("currency") @Schema(defaultValue = "BRL", description = "ISO-4217 alphabetic code")
            String currency) {}

    @Schema(name = "AccountCreated")
    record AccountCreated(
            @JsonProperty("account_id") String accountId,
            @JsonProperty("account_number") String accountNumber,
            @JsonProperty("balance_cents") long balanceCents,
            @JsonProperty("currency") String currency) {}

    @Schema(name = "Balance")
    record Balance(
            @JsonProperty("account_number") String accountNumber,
            @JsonProperty("balance_cents") long balanceCents,
            @JsonProperty("currency") String currency) {}

    @Schema(name = "Transaction")
    record Transaction(
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

            @JsonProperty("amount_cents") long amountCents,
            @JsonProperty("currency") String currency,

            @JsonProperty("correlation_id") @Schema(nullable = true)
            String correlationId,

            @JsonProperty("occurred_at") @Schema(example = "2026-01-12T21:13:49.684949Z")
            String occurredAt,

            @JsonProperty("counterparty_account_number") @Schema(nullable = true)
            String counterpartyAccountNumber,

            @JsonProperty("description")
            @Schema(nullable = true, description = "the description of the write that made the entry, if it had one")
            String description,

            @JsonProperty("metadata")
            @Schema(
                    description =
                            "the metadata of the write that made the entry: the client's own keys and string values; {} when none")
            Map<String, String> metadata,

            @JsonProperty("batch_id")
            @JsonInclude(JsonInclude.Include.NON_NULL)
            @Schema(description = "only on the lines of a transfer made by an atomic batch (POST /transfers/batch)")
            String batchId) {}
}
