package io.bankcore.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every message goes through Axon's Jackson serializer: events live in the event store for ever, so
 * each record must survive a round trip, and old stored JSON must stay readable when a record grows.
 */
class MessageJsonRoundTripTest {

    /** Configured like the application's Axon serializer (AxonSerializationConfiguration in app). */
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .setVisibility(PropertyAccessor.ALL, Visibility.NONE)
            .setVisibility(PropertyAccessor.FIELD, Visibility.ANY)
            .setVisibility(PropertyAccessor.CREATOR, Visibility.ANY)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private static final String ACCOUNT_ID = "f6b3b5e6-1f22-4b65-9b4a-0c5c2c9e3d34";
    private static final Instant OCCURRED_AT = Instant.parse("2026-01-12T21:13:49.684949Z");
    private static final String TRANSFER_ID = "bb7f7eb8-956a-4c84-a44d-ea4df70a0fd4";
    private static final String INSUFFICIENT = "Insufficient funds: balance is 100, requested 500 BRL.";
    private static final String MISMATCH = "Money currency mismatch: expected USD, got BRL.";

    private static final LedgerEntryView DEPOSIT_LINE = new LedgerEntryView(
            "23ecd42c-93aa-42e3-a4d4-8ffea62e69e2", "DEPOSIT", 10_000, "BRL", null, OCCURRED_AT, null, 0);
    private static final LedgerEntryView TRANSFER_LINE = new LedgerEntryView(
            "776d86af-3cfb-4bdd-b455-9a2dc52732a8",
            "TRANSFER_OUT",
            500,
            "BRL",
            "bb7f7eb8-956a-4c84-a44d-ea4df70a0fd4",
            Instant.parse("2026-01-12T21:13:49.000000001Z"),
            "000002",
            1,
            new Memo("Invoice 17", java.util.Map.of("order_id", "A-17", "channel", "web")));

    static Stream<Object> messages() {
        return Stream.of(
                Memo.NONE,
                new ChangeOverdraftLimitCommand("000001", 50_000),
                new AccountOverdraftLimitChangedEvent("000001", 50_000, 0, "BRL"),
                new OpenAccountCommand("000001", ACCOUNT_ID, 0, "BRL", 25_000),
                new AccountOpenedEvent("000001", ACCOUNT_ID, "BRL", 0, 25_000),
                new UpdateAccountCommand(
                        "000001", true, null, java.util.Map.of("order_id", "A-17"), java.util.Set.of("old")),
                new UpdateAccountCommand("000001", false, null, java.util.Map.of(), java.util.Set.of()),
                new AccountUpdatedEvent("000001", "Savings", java.util.Map.of("order_id", "A-17")),
                new Memo("Invoice \"17\"", java.util.Map.of("order_id", "A-17")),
                new OpenAccountCommand("000001", ACCOUNT_ID, 10_000, "BRL"),
                new OpenAccountCommand("123456789012", ACCOUNT_ID, 0, "USD"),
                new DepositMoneyCommand("000001", 500, "BRL"),
                new DepositMoneyCommand("000001", Long.MAX_VALUE, "EUR"),
                new WithdrawMoneyCommand("000001", 200, "BRL"),
                new AccountOpenedEvent("000001", ACCOUNT_ID, "BRL", 10_000),
                new AccountOpenedEvent("000002", ACCOUNT_ID, "BRL", 0),
                new MoneyDepositedEvent("000001", 500, "BRL", 10_500),
                new MoneyDepositedEvent("000001", 1, "BRL", Long.MAX_VALUE),
                new MoneyWithdrawnEvent("000001", 200, "BRL", 10_300),
                new MoneyWithdrawnEvent("000001", 10_300, "BRL", 0),
                new GetBalanceQuery("000001"),
                new GetTransactionsQuery("000001", 50, null),
                new GetTransactionsQuery("000001", 1, 42L),
                new GetTransactionsQuery(
                        "000001",
                        10,
                        7L,
                        new LedgerFilter(java.util.Set.of("DEPOSIT", "TRANSFER_IN"), OCCURRED_AT, null, TRANSFER_ID)),
                LedgerFilter.NONE,
                new BalanceView("000001", ACCOUNT_ID, 9_500, "BRL", 3),
                new AccountState("000001", ACCOUNT_ID, 9_500, "BRL", 3),
                new CommandFailure("INSUFFICIENT_FUNDS", "Insufficient funds: balance is 0, requested 1 BRL."),
                new CommandFailure("ACCOUNT_NOT_FOUND", "Conta \"000009\" não encontrada — ção ☃"),
                DEPOSIT_LINE,
                TRANSFER_LINE,
                new LedgerPage(true, List.of(TRANSFER_LINE, DEPOSIT_LINE), 0L),
                new LedgerPage(true, List.of(TRANSFER_LINE), null),
                new LedgerPage(false, List.of(), null),
                new RequestTransferCommand(TRANSFER_ID, "000001", "000002", 500, "BRL"),
                new DebitForTransferCommand("000001", TRANSFER_ID, 500, "BRL", "000002"),
                new CreditForTransferCommand("000002", TRANSFER_ID, 500, "BRL", "000001"),
                new RefundTransferCommand("000001", TRANSFER_ID, 500, "BRL", "000002"),
                new CompleteTransferCommand(TRANSFER_ID, 9_500, 500, 4, 0),
                new FailTransferCommand(TRANSFER_ID, "INSUFFICIENT_FUNDS", INSUFFICIENT, false, -1, -1),
                new FailTransferCommand(TRANSFER_ID, "CURRENCY_MISMATCH", MISMATCH, true, 6, -1),
                new GetTransferQuery(TRANSFER_ID),
                new GetReservationsQuery("000001", 100),
                new FreezeAccountCommand("000001", "DEBITS", "Compliance review — ção ☃"),
                new UnfreezeAccountCommand("000001"),
                new CloseAccountCommand("000001"),
                new AccountFrozenEvent("000001", "ALL", "court order 42"),
                new AccountUnfrozenEvent("000001"),
                new AccountClosedEvent("000001"),
                new ReserveTransferCommand(TRANSFER_ID, "000001", "000002", 500, "BRL", OCCURRED_AT),
                new PostTransferCommand(TRANSFER_ID, null),
                new PostTransferCommand(TRANSFER_ID, 250L),
                new VoidTransferCommand(TRANSFER_ID),
                new ExpireTransferCommand(TRANSFER_ID),
                new FundsReservedEvent("000001", TRANSFER_ID, 500, "BRL", 700, "000002"),
                new ReservationReleasedEvent("000001", TRANSFER_ID, 500, "BRL", 200, "EXPIRED"),
                new ReservationPostedEvent("000001", TRANSFER_ID, 250, 500, "BRL", 9_750, 0, "000002"),
                new TransferReservedEvent(TRANSFER_ID, "000001", "000002", 500, "BRL", OCCURRED_AT),
                new TransferPostedEvent(TRANSFER_ID, "000001", "000002", 500, 250, "BRL", 9_750, 250, 7, 3),
                new RequestTransferBatchCommand(
                        ACCOUNT_ID,
                        java.util.List.of(
                                new RequestTransferBatchCommand.Item(
                                        TRANSFER_ID, "000001", "000002", 500, "BRL", Memo.NONE),
                                new RequestTransferBatchCommand.Item(
                                        TRANSFER_ID,
                                        " 000002",
                                        "12ab",
                                        1,
                                        "USD",
                                        new Memo("fee", java.util.Map.of("k", "v"), ACCOUNT_ID))),
                        java.util.Set.of("000009")),
                new TransferBatchReply(
                        ACCOUNT_ID,
                        java.util.List.of(
                                new TransferBatchReply.Applied(
                                        TRANSFER_ID, "000001", "000002", 500, "BRL", 9_500, 500, 4, 0),
                                new TransferBatchReply.Applied(
                                        TRANSFER_ID, "000002", "000001", 1, "BRL", -1, 1, 5, 1))),
                new CommandFailure(
                        "BATCH_REFUSED",
                        "Transfer 1 of the batch was refused",
                        1,
                        java.util.List.of("APPLIED_NOTHING", "ACCOUNT_NOT_FOUND")),
                new ReverseTransferCommand(TRANSFER_ID, ACCOUNT_ID, 100L),
                new ReversalReply(ACCOUNT_ID, TRANSFER_ID, "000001", "000002", 100, 250, 500, "BRL", 9_850, 150, 8, 4),
                new ReverseTransferCommand(TRANSFER_ID, ACCOUNT_ID, null),
                new TransferReversedEvent(
                        TRANSFER_ID, ACCOUNT_ID, "000001", "000002", 100, 250, "BRL", 9_850, 150, 8, 4),
                new ReversalDebitedEvent("000002", ACCOUNT_ID, TRANSFER_ID, 100, "BRL", 150, "000001"),
                new ReversalCreditedEvent("000001", ACCOUNT_ID, TRANSFER_ID, 100, "BRL", 9_850, "000002"),
                new TransferVoidedEvent(TRANSFER_ID, "000001", "000002", 500, "BRL", 7),
                new TransferExpiredEvent(TRANSFER_ID, "000001", "000002", 500, "BRL", 7),
                new PendingTransferReply(
                        TRANSFER_ID,
                        "RESERVED",
                        "000001",
                        "000002",
                        500,
                        null,
                        "BRL",
                        OCCURRED_AT,
                        10_000,
                        9_500,
                        6,
                        null,
                        null),
                new PendingTransferReply(
                        TRANSFER_ID,
                        "COMPLETED",
                        "000001",
                        "000002",
                        500,
                        250L,
                        "BRL",
                        OCCURRED_AT,
                        9_750,
                        9_750,
                        7,
                        250L,
                        3L),
                new BalanceView("000001", ACCOUNT_ID, 9_500, "BRL", 3, 500, "FROZEN", "CREDITS", "dormant"),
                new BalanceView("000001", ACCOUNT_ID, -9_500, "BRL", 3, 500, "ACTIVE", null, null, 20_000),
                new AccountState("000001", ACCOUNT_ID, -300, "BRL", 9, 0, "ACTIVE", null, null, 1_000),
                new AccountState("000001", ACCOUNT_ID, 0, "BRL", 9, 0, "CLOSED", null, null),
                new TransferRequestedEvent(TRANSFER_ID, "000001", "000002", 500, "BRL"),
                new TransferDebitedEvent("000001", TRANSFER_ID, 500, "BRL", 9_500, "000002"),
                new TransferDebitRejectedEvent("000001", TRANSFER_ID, "INSUFFICIENT_FUNDS", INSUFFICIENT),
                new TransferCreditedEvent("000002", TRANSFER_ID, 500, "BRL", Long.MAX_VALUE, "000001"),
                new TransferCreditRejectedEvent("000002", TRANSFER_ID, "CURRENCY_MISMATCH", MISMATCH),
                new TransferRefundedEvent("000001", TRANSFER_ID, 500, "BRL", 10_000, "000002"),
                new TransferCompletedEvent(TRANSFER_ID, "000001", "000002", 500, "BRL", 9_500, 500, 4, 0),
                new TransferFailedEvent(
                        TRANSFER_ID, "000001", "000002", 500, "BRL", "INSUFFICIENT_FUNDS", INSUFFICIENT, false, -1, -1),
                new TransferFailedEvent(
                        TRANSFER_ID, "000001", "000002", 500, "USD", "CURRENCY_MISMATCH", MISMATCH, true, 6, -1),
                new TransferView(
                        TRANSFER_ID,
                        "PENDING",
                        "000001",
                        "000002",
                        500,
                        "BRL",
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        false,
                        OCCURRED_AT,
                        null),
                new TransferView(
                        TRANSFER_ID,
                        "COMPLETED",
                        "000001",
                        "000002",
                        500,
                        "BRL",
                        9_500L,
                        500L,
                        4L,
                        0L,
                        null,
                        null,
                        false,
                        OCCURRED_AT,
                        Instant.parse("2026-01-12T21:13:50.000001Z")),
                new ReversalView(ACCOUNT_ID, 100, 300, 9_600, 200, OCCURRED_AT, new Memo("refund", java.util.Map.of())),
                new TransferView(
                                TRANSFER_ID,
                                "COMPLETED",
                                "000001",
                                "000002",
                                500,
                                "BRL",
                                9_500L,
                                500L,
                                4L,
                                0L,
                                null,
                                null,
                                false,
                                OCCURRED_AT,
                                OCCURRED_AT)
                        .withReversals(java.util.List.of(
                                new ReversalView(ACCOUNT_ID, 100, 100, 9_600, 400, OCCURRED_AT, Memo.NONE))),
                new TransferView(
                        TRANSFER_ID,
                        "FAILED",
                        "000001",
                        "000002",
                        500,
                        "BRL",
                        null,
                        null,
                        6L,
                        -1L,
                        "CURRENCY_MISMATCH",
                        MISMATCH,
                        true,
                        OCCURRED_AT,
                        OCCURRED_AT));
    }

    static Stream<Object> events() {
        return messages().filter(message -> message.getClass().getSimpleName().endsWith("Event"));
    }

    @ParameterizedTest
    @MethodSource("messages")
    void every_message_is_equal_to_itself_after_a_json_round_trip(Object message) throws IOException {
        String json = MAPPER.writeValueAsString(message);

        Object back = MAPPER.readValue(json, message.getClass());

        assertThat(back).isEqualTo(message);
    }

    @ParameterizedTest
    @MethodSource("messages")
    void every_message_is_written_as_exactly_its_record_components(Object message) {
        JsonNode json = MAPPER.valueToTree(message);

        Set<String> fieldNames = new HashSet<>();
        json.fieldNames().forEachRemaining(fieldNames::add);
        Set<String> components = Arrays.stream(message.getClass().getRecordComponents())
                .map(RecordComponent::getName)
                .collect(Collectors.toSet());

        assertThat(fieldNames).isEqualTo(components);
    }

    @ParameterizedTest
    @MethodSource("events")
    void an_event_with_an_unknown_field_still_deserializes(Object event) throws IOException {
        ObjectNode json = MAPPER.valueToTree(event);
        json.put("addedInALaterVersion", "ignored");
        json.putObject("nestedUnknown").put("depth", 2);

        Object back = MAPPER.treeToValue(json, event.getClass());

        assertThat(back).isEqualTo(event);
    }

    static Stream<Arguments> storedEvents() {
        return Stream.of(
                Arguments.of(
                        "{\"accountNumber\":\"000001\",\"accountId\":\"" + ACCOUNT_ID
                                + "\",\"currency\":\"BRL\",\"initialBalanceMinor\":10000,\"openedBy\":\"teller-7\"}",
                        new AccountOpenedEvent("000001", ACCOUNT_ID, "BRL", 10_000)),
                Arguments.of(
                        "{\"channel\":\"pix\",\"accountNumber\":\"000001\",\"amountMinor\":500,"
                                + "\"currency\":\"BRL\",\"balanceMinor\":10500}",
                        new MoneyDepositedEvent("000001", 500, "BRL", 10_500)),
                Arguments.of(
                        "{\"accountNumber\":\"000001\",\"amountMinor\":200,\"currency\":\"BRL\","
                                + "\"balanceMinor\":10300,\"fee\":{\"amountMinor\":0}}",
                        new MoneyWithdrawnEvent("000001", 200, "BRL", 10_300)),
                Arguments.of(
                        "{\"transferId\":\"" + TRANSFER_ID + "\",\"fromAccountNumber\":\"000001\","
                                + "\"toAccountNumber\":\"000002\",\"amountMinor\":500,\"currency\":\"BRL\","
                                + "\"fromBalanceMinor\":9500,\"toBalanceMinor\":500,\"fromSequence\":4,"
                                + "\"toSequence\":0,\"feeMinor\":0}",
                        new TransferCompletedEvent(TRANSFER_ID, "000001", "000002", 500, "BRL", 9_500, 500, 4, 0)));
    }

    @ParameterizedTest
    @MethodSource("storedEvents")
    void stored_event_json_with_an_extra_field_is_read_back_as_the_event(String storedJson, Object expected)
            throws IOException {
        assertThat(MAPPER.readValue(storedJson, expected.getClass())).isEqualTo(expected);
    }

    @Test
    void instants_are_written_as_iso_8601_utc_text_with_full_precision() {
        JsonNode json = MAPPER.valueToTree(DEPOSIT_LINE);

        assertThat(json.get("occurredAt").isTextual()).isTrue();
        assertThat(json.get("occurredAt").asText()).isEqualTo("2026-01-12T21:13:49.684949Z");
    }

    @Test
    void a_ledger_page_keeps_its_entries_in_order_and_its_cursor_after_a_round_trip() throws IOException {
        LedgerPage page = new LedgerPage(true, List.of(TRANSFER_LINE, DEPOSIT_LINE), 7L);

        LedgerPage back = MAPPER.readValue(MAPPER.writeValueAsBytes(page), LedgerPage.class);

        assertThat(back.entries()).containsExactly(TRANSFER_LINE, DEPOSIT_LINE);
        assertThat(back.nextBeforeSequence()).isEqualTo(7L);
        assertThat(back.accountExists()).isTrue();
    }

    @Test
    void every_record_in_the_api_package_has_a_round_trip_sample() {
        Set<Class<?>> sampled = messages().map(Object::getClass).collect(Collectors.toSet());
        List<Class<?>> records = ApiPackage.records();

        assertThat(sampled).containsAll(records).hasSameSizeAs(records);
    }
}
