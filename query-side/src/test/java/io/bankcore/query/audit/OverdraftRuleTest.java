package io.bankcore.query.audit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OverdraftRuleTest {

    @Test
    void a_debit_or_reservation_may_go_down_to_minus_the_limit_and_not_further() {
        assertThat(OverdraftRule.broken(100, 0, -500, 0, 500)).isFalse();
        assertThat(OverdraftRule.broken(100, 0, -501, 0, 500)).isTrue();
        assertThat(OverdraftRule.broken(0, 0, 0, 500, 500)).isFalse();
        assertThat(OverdraftRule.broken(0, 0, 0, 501, 500)).isTrue();
        assertThat(OverdraftRule.broken(10, 0, -1, 0, 0)).isTrue();
    }

    @Test
    void an_account_beyond_a_lowered_limit_breaks_nothing_until_a_debit_takes_it_further() {
        // the limit change itself, a credit, and a post of held money use no more
        assertThat(OverdraftRule.broken(-800, 0, -800, 0, 300)).isFalse();
        assertThat(OverdraftRule.broken(-800, 0, -700, 0, 300)).isFalse();
        assertThat(OverdraftRule.broken(0, 700, -700, 0, 0)).isFalse();
        assertThat(OverdraftRule.broken(-700, 0, -701, 0, 300)).isTrue();
        assertThat(OverdraftRule.broken(-700, 0, -700, 1, 300)).isTrue();
    }

    @Test
    void the_extremes_of_a_long_are_compared_exactly() {
        assertThat(OverdraftRule.broken(0, 0, -Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE))
                .isTrue();
        assertThat(OverdraftRule.broken(0, 0, -Long.MAX_VALUE, 0, Long.MAX_VALUE))
                .isFalse();
        assertThat(OverdraftRule.broken(Long.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE, 0))
                .isFalse();
    }
}
