package io.bankcore.app.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bankcore.app.support.TestTokens;
import org.junit.jupiter.api.Test;

class BearerTokensTest {

    @Test
    void unreachable_signing_keys_make_a_token_unchecked_not_refused() {
        var tokens = BearerTokens.configure(
                "http://127.0.0.1:1/jwks.json", "", TestTokens.ISSUER, TestTokens.AUDIENCE, "bankcore_tenant");
        Object outcome = tokens.authenticate(TestTokens.token("alice", "accounts:read"));
        assertThat(outcome).isInstanceOf(BearerTokens.Unavailable.class);
    }

    @Test
    void a_malformed_token_is_refused_without_fetching_anything() {
        var tokens = BearerTokens.configure(
                "http://127.0.0.1:1/jwks.json", "", TestTokens.ISSUER, TestTokens.AUDIENCE, "bankcore_tenant");
        assertThat(tokens.authenticate("abc.def.ghi")).isInstanceOf(BearerTokens.Refusal.class);
    }

    @Test
    void jwt_mode_needs_an_audience_an_issuer_and_keys() {
        assertThatThrownBy(() -> BearerTokens.configure("http://x/jwks", "", "https://i", "", "t"))
                .isInstanceOf(AuthNotConfigured.class)
                .hasMessageContaining("BANKCORE_JWT_AUDIENCE");
        assertThatThrownBy(() -> BearerTokens.configure("http://x/jwks", "", "", "aud", "t"))
                .isInstanceOf(AuthNotConfigured.class)
                .hasMessageContaining("BANKCORE_JWT_ISSUER");
        assertThatThrownBy(() -> BearerTokens.configure("", "", "https://i", "aud", "t"))
                .isInstanceOf(AuthNotConfigured.class)
                .hasMessageContaining("BANKCORE_JWT_JWK_SET_URI");
    }
}
