package io.bankcore.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class EntryTypeTest {

    @Test
    void deposits_transfers_in_and_refunds_are_credits() {
        assertThat(EnumSet.of(EntryType.DEPOSIT, EntryType.TRANSFER_IN, EntryType.TRANSFER_REFUND))
                .allSatisfy(type -> assertThat(type.direction()).isEqualTo(EntryType.Direction.CREDIT));
    }

    @Test
    void withdrawals_and_transfers_out_are_debits() {
        assertThat(EnumSet.of(EntryType.WITHDRAWAL, EntryType.TRANSFER_OUT))
                .allSatisfy(type -> assertThat(type.direction()).isEqualTo(EntryType.Direction.DEBIT));
    }

    @Test
    void a_deposit_raises_the_balance_by_its_amount() {
        assertThat(EntryType.DEPOSIT.signedAmount(500)).isEqualTo(500);
        assertThat(EntryType.TRANSFER_IN.signedAmount(500)).isEqualTo(500);
        assertThat(EntryType.TRANSFER_REFUND.signedAmount(500)).isEqualTo(500);
    }

    @Test
    void a_withdrawal_lowers_the_balance_by_its_amount() {
        assertThat(EntryType.WITHDRAWAL.signedAmount(200)).isEqualTo(-200);
        assertThat(EntryType.TRANSFER_OUT.signedAmount(200)).isEqualTo(-200);
    }

    @ParameterizedTest
    @EnumSource(EntryType.class)
    void the_signed_amount_keeps_the_magnitude_even_for_the_largest_amount(EntryType type) {
        assertThat(Math.abs(type.signedAmount(Long.MAX_VALUE))).isEqualTo(Long.MAX_VALUE);
        assertThat(type.signedAmount(0)).isZero();
    }

    @Test
    void the_ledger_of_the_contract_example_sums_to_its_balance() {
        // 10000 deposited, 500 transferred out: the seed's example ends at 9500.
        long balance = EntryType.DEPOSIT.signedAmount(10_000) + EntryType.TRANSFER_OUT.signedAmount(500);

        assertThat(balance).isEqualTo(9_500);
    }

    @Test
    void every_contract_entry_type_exists_under_its_wire_name() {
        assertThat(EntryType.valueOf("DEPOSIT")).isNotNull();
        assertThat(EntryType.valueOf("WITHDRAWAL")).isNotNull();
        assertThat(EntryType.valueOf("TRANSFER_OUT")).isNotNull();
        assertThat(EntryType.valueOf("TRANSFER_IN")).isNotNull();
    }
}
