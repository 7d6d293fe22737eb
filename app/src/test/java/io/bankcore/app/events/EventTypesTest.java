package io.bankcore.app.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventTypesTest {

    @Test
    void the_published_names_follow_the_rule_so_a_new_event_type_is_named_alike() {
        for (Map.Entry<String, String> published : EventTypes.PUBLISHED.entrySet()) {
            assertThat(EventTypes.derive(published.getKey())).isEqualTo(published.getValue());
            assertThat(EventTypes.NAME.matcher(published.getValue()).matches()).isTrue();
        }
    }

    @Test
    void event_types_added_later_get_a_name_from_their_class() {
        assertThat(EventTypes.of("io.bankcore.api.AccountFrozenEvent")).isEqualTo("account.frozen");
        assertThat(EventTypes.of("io.bankcore.api.AccountUnfrozenEvent")).isEqualTo("account.unfrozen");
        assertThat(EventTypes.of("io.bankcore.api.AccountClosedEvent")).isEqualTo("account.closed");
        assertThat(EventTypes.of("io.bankcore.api.FundsReservedEvent")).isEqualTo("funds.reserved");
        assertThat(EventTypes.of("io.bankcore.api.FundsReleasedEvent")).isEqualTo("funds.released");
        assertThat(EventTypes.of("io.bankcore.api.TransferReservedEvent")).isEqualTo("transfer.reserved");
        assertThat(EventTypes.of("io.bankcore.api.TransferPostedEvent")).isEqualTo("transfer.posted");
        assertThat(EventTypes.of("io.bankcore.api.TransferVoidedEvent")).isEqualTo("transfer.voided");
        assertThat(EventTypes.of("io.bankcore.api.TransferExpiredEvent")).isEqualTo("transfer.expired");
        assertThat(EventTypes.of("x.Outer$AMLCheckPassedEvent")).isEqualTo("aml.check_passed");
        assertThat(EventTypes.of("x.Closed")).isEqualTo("closed");
    }

    @Test
    void field_names_become_snake_case_and_amounts_end_in_cents() {
        assertThat(EventTypes.field("amountMinor")).isEqualTo("amount_cents");
        assertThat(EventTypes.field("initialBalanceMinor")).isEqualTo("initial_balance_cents");
        assertThat(EventTypes.field("counterpartyAccountNumber")).isEqualTo("counterparty_account_number");
        assertThat(EventTypes.field("currency")).isEqualTo("currency");
        assertThat(EventTypes.field("ibanURL")).isEqualTo("iban_url");
        assertThat(EventTypes.field("minor")).isEqualTo("minor");
    }

    @Test
    void an_unknown_payload_keeps_its_fields_in_snake_case() {
        var stored = new EventLog.StoredEvent(
                9,
                "e-9",
                "000042",
                3,
                "io.bankcore.api.FundsReservedEvent",
                "{\"accountNumber\":\"000042\",\"reservationId\":\"r1\",\"amountMinor\":70,\"expiresAt\":\"2027-01-01T00:00:00Z\"}"
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8),
                java.time.Instant.parse("2026-12-02T10:00:00.123456789Z"));
        PublicEvent event = PublicEvent.of(stored);
        assertThat(event.type()).isEqualTo("funds.reserved");
        assertThat(event.accountNumber()).isEqualTo("000042");
        assertThat(event.json())
                .isEqualTo(
                        "{\"version\":2,\"event_id\":\"e-9\",\"position\":9,\"type\":\"funds.reserved\","
                                + "\"occurred_at\":\"2026-12-02T10:00:00.123456Z\",\"account_number\":\"000042\","
                                + "\"correlation_id\":null,\"data\":{\"account_number\":\"000042\",\"reservation_id\":\"r1\","
                                + "\"amount_cents\":70,\"expires_at\":\"2027-01-01T00:00:00Z\",\"description\":null,\"metadata\":{}}}");
    }

    @Test
    void the_documented_list_names_every_published_type() {
        assertThat(EventTypes.DOCUMENTED.split(", ")).containsExactlyInAnyOrderElementsOf(EventTypes.published());
    }

    @Test
    void patterns_are_a_type_a_subjects_types_or_every_type_and_nothing_unknown() {
        for (String accepted : List.of("*", "money.deposited", "transfer.*", "reservation.*", "account.closed")) {
            assertThat(EventTypes.refusal(accepted)).as(accepted).isEmpty();
        }
        assertThat(EventTypes.refusal("money.transferred")).contains("unknown event type money.transferred");
        assertThat(EventTypes.refusal("nothing.*")).contains("no event type matches nothing.*");
        for (String malformed :
                List.of("", "**", "*.deposited", "transfer.*.x", "transfer.x*", "Transfer.*", " *", "a".repeat(65))) {
            assertThat(EventTypes.refusal(malformed))
                    .as(malformed)
                    .get()
                    .asString()
                    .startsWith("each must be");
        }
        assertThat(EventTypes.matches(List.of(), "money.deposited")).isTrue();
        assertThat(EventTypes.matches(List.of("*"), "money.deposited")).isTrue();
        assertThat(EventTypes.matches(List.of("transfer.*"), "transfer.debit_rejected"))
                .isTrue();
        assertThat(EventTypes.matches(List.of("transfer.*"), "money.deposited")).isFalse();
        assertThat(EventTypes.matches(List.of("transfer.*", "money.deposited"), "money.deposited"))
                .isTrue();
        assertThat(EventTypes.matches(List.of("money.deposited"), "money.withdrawn"))
                .isFalse();
    }
}
