package io.bankcore.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class AccountIdTest {

    @Test
    void an_account_id_is_parsed_from_its_uuid_text_and_prints_back_the_same() {
        String text = "f6b3b5e6-1f22-4b65-9b4a-0c5c2c9e3d34";

        AccountId id = AccountId.of(text);

        assertThat(id.value()).isEqualTo(UUID.fromString(text));
        assertThat(id).hasToString(text).isEqualTo(new AccountId(UUID.fromString(text)));
    }

    @Test
    void an_account_id_needs_a_value() {
        assertThatThrownBy(() -> new AccountId(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void text_that_is_not_a_uuid_is_not_an_account_id() {
        assertThatThrownBy(() -> AccountId.of("000001")).isInstanceOf(IllegalArgumentException.class);
    }
}
