package io.bankcore.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LedgerEntryTest {

    private static final UUID ENTRY_ID = UUID.fromString("776d86af-3cfb-4bdd-b455-9a2dc52732a8");
    private static final UUID CORRELATION_ID = UUID.fromString("bb7f7eb8-956a-4c84-a44d-ea4df70a0fd4");
    private static final AccountNumber ACCOUNT = AccountNumber.of("000001");
    private static final AccountNumber OTHER = AccountNumber.of("000002");
    private static final Money AMOUNT = Money.of(500, CurrencyCode.of("BRL"));
    private static final Instant AT = Instant.parse("2026-01-12T21:13:49.684949Z");

    private static LedgerEntry entry(
            EntryType type, Optional<UUID> correlationId, Optional<AccountNumber> counterparty) {
        return new LedgerEntry(ENTRY_ID, ACCOUNT, type, AMOUNT, correlationId, counterparty, AT);
    }

    @ParameterizedTest
    @EnumSource(names = {"DEPOSIT", "WITHDRAWAL"})
    void a_deposit_or_withdrawal_entry_has_neither_correlation_id_nor_counterparty(EntryType type) {
        LedgerEntry entry = entry(type, Optional.empty(), Optional.empty());

        assertThat(entry.type()).isEqualTo(type);
        assertThat(entry.correlationId()).isEmpty();
        assertThat(entry.counterparty()).isEmpty();
        assertThat(entry.amount()).isEqualTo(AMOUNT);
        assertThat(entry.occurredAt()).isEqualTo(AT);
    }

    @ParameterizedTest
    @EnumSource(names = {"DEPOSIT", "WITHDRAWAL"})
    void a_deposit_or_withdrawal_entry_with_a_correlation_id_is_rejected(EntryType type) {
        assertThatThrownBy(() -> entry(type, Optional.of(CORRELATION_ID), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @EnumSource(names = {"DEPOSIT", "WITHDRAWAL"})
    void a_deposit_or_withdrawal_entry_with_a_counterparty_is_rejected(EntryType type) {
        assertThatThrownBy(() -> entry(type, Optional.empty(), Optional.of(OTHER)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> entry(type, Optional.of(CORRELATION_ID), Optional.of(OTHER)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @EnumSource(names = {"TRANSFER_OUT", "TRANSFER_IN", "TRANSFER_REFUND"})
    void a_transfer_entry_carries_the_correlation_id_and_the_other_account(EntryType type) {
        LedgerEntry entry = entry(type, Optional.of(CORRELATION_ID), Optional.of(OTHER));

        assertThat(entry.correlationId()).contains(CORRELATION_ID);
        assertThat(entry.counterparty()).contains(OTHER);
    }

    @ParameterizedTest
    @EnumSource(names = {"TRANSFER_OUT", "TRANSFER_IN", "TRANSFER_REFUND"})
    void a_transfer_entry_without_a_correlation_id_is_rejected(EntryType type) {
        assertThatThrownBy(() -> entry(type, Optional.empty(), Optional.of(OTHER)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @EnumSource(names = {"TRANSFER_OUT", "TRANSFER_IN", "TRANSFER_REFUND"})
    void a_transfer_entry_without_a_counterparty_is_rejected(EntryType type) {
        assertThatThrownBy(() -> entry(type, Optional.of(CORRELATION_ID), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> entry(type, Optional.empty(), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @EnumSource(EntryType.class)
    void an_entry_of_zero_is_rejected(EntryType type) {
        boolean transfer = type != EntryType.DEPOSIT && type != EntryType.WITHDRAWAL;
        Optional<UUID> correlationId = transfer ? Optional.of(CORRELATION_ID) : Optional.empty();
        Optional<AccountNumber> counterparty = transfer ? Optional.of(OTHER) : Optional.empty();

        assertThatThrownBy(() -> new LedgerEntry(
                        ENTRY_ID, ACCOUNT, type, Money.zero(CurrencyCode.of("BRL")), correlationId, counterparty, AT))
                .isInstanceOf(InvalidMoney.class);
    }

    @Test
    void every_part_of_an_entry_is_required() {
        Optional<UUID> none = Optional.empty();
        Optional<AccountNumber> noOne = Optional.empty();

        assertThatThrownBy(() -> new LedgerEntry(null, ACCOUNT, EntryType.DEPOSIT, AMOUNT, none, noOne, AT))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new LedgerEntry(ENTRY_ID, null, EntryType.DEPOSIT, AMOUNT, none, noOne, AT))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new LedgerEntry(ENTRY_ID, ACCOUNT, null, AMOUNT, none, noOne, AT))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new LedgerEntry(ENTRY_ID, ACCOUNT, EntryType.DEPOSIT, null, none, noOne, AT))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new LedgerEntry(ENTRY_ID, ACCOUNT, EntryType.DEPOSIT, AMOUNT, null, noOne, AT))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new LedgerEntry(ENTRY_ID, ACCOUNT, EntryType.DEPOSIT, AMOUNT, none, null, AT))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new LedgerEntry(ENTRY_ID, ACCOUNT, EntryType.DEPOSIT, AMOUNT, none, noOne, null))
                .isInstanceOf(NullPointerException.class);
    }

    @ParameterizedTest
    @EnumSource(names = {"TRANSFER_OUT", "TRANSFER_IN", "TRANSFER_REFUND"})
    void a_transfer_entry_cannot_name_its_own_account_as_counterparty(EntryType type) {
        assertThatThrownBy(() -> entry(type, Optional.of(CORRELATION_ID), Optional.of(ACCOUNT)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
