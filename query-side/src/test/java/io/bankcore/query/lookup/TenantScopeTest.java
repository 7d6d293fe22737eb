package io.bankcore.query.lookup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TenantScopeTest {

    @Test
    void the_range_above_a_prefix_starts_at_the_next_prefix_of_at_most_its_length() {
        assertThat(TenantScope.next("12")).contains("13");
        assertThat(TenantScope.next("129")).contains("13");
        assertThat(TenantScope.next("0999")).contains("1");
        assertThat(TenantScope.next("99")).isEmpty();
    }

    @Test
    void a_scope_writes_its_prefix_as_a_like_and_a_range_and_every_account_scope_writes_nothing() {
        var where = new Where();
        TenantScope.of("129").restrict(where, "account_number");
        assertThat(where.sql())
                .isEqualTo(" WHERE account_number LIKE ? AND account_number >= ? AND account_number < ?");
        assertThat(where.args()).isEqualTo(List.of("129%", "129", "13"));

        var none = new Where();
        TenantScope.all().restrict(none, "account_number");
        assertThat(none.sql()).isEmpty();
        assertThat(TenantScope.of(Optional.empty()).sees("000001")).isTrue();
    }

    @Test
    void a_tenant_is_ascii_digits_only() {
        for (String bad : new String[] {"", "12a", "1%", "1_", "\u0663"}) {
            assertThatThrownBy(() -> TenantScope.of(bad)).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(TenantScope.of("12").sees("120001")).isTrue();
        assertThat(TenantScope.of("12").sees("130001")).isFalse();
    }
}
