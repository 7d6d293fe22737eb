package io.bankcore.app.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AuthModeTest {

    @Test
    void the_documented_values() {
        assertThat(AuthMode.parse("none")).isEqualTo(AuthMode.NONE);
        assertThat(AuthMode.parse("api-key")).isEqualTo(new AuthMode(true, false));
        assertThat(AuthMode.parse("jwt")).isEqualTo(new AuthMode(false, true));
        assertThat(AuthMode.parse("api-key,jwt")).isEqualTo(new AuthMode(true, true));
        assertThat(AuthMode.parse(" JWT , api-key ")).isEqualTo(new AuthMode(true, true));
        assertThat(AuthMode.parse("api-key,jwt").toString()).isEqualTo("api-key,jwt");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "off", "none,api-key", "api-key,basic", ","})
    void anything_else_is_refused_naming_the_values(String raw) {
        assertThatThrownBy(() -> AuthMode.parse(raw))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(AuthMode.VALUES);
    }
}
