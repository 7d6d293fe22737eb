package io.bankcore.app.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What an {@code Idempotency-Key} may be: 1 to 255 printable ASCII characters. */
class IdempotencyKeyTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "a\u0000b", "bell\u0007", "tab\tinside", "del\u007f", "clé", "日本", "emoji\uD83D\uDE00"})
    void refuses_empty_control_and_non_ascii_keys(String key) {
        assertThatThrownBy(() -> Idempotency.checkKey(key))
                .isInstanceOfSatisfying(
                        ApiProblem.class, p -> assertThat(p.code()).isEqualTo(ProblemCode.INVALID_IDEMPOTENCY_KEY));
    }

    @Test
    void refuses_a_key_of_256_characters_and_accepts_255() {
        assertThatThrownBy(() -> Idempotency.checkKey("k".repeat(256))).isInstanceOf(ApiProblem.class);
        assertThatCode(() -> Idempotency.checkKey("k".repeat(255))).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", " ", "9f1c0e5e-5f2b-4c8e-b1d2-3f0c1e2d4a5b", "~!@#$%^&*()_+{}|:\"<>?`-=[]\\;',./"})
    void accepts_printable_ascii(String key) {
        assertThatCode(() -> Idempotency.checkKey(key)).doesNotThrowAnyException();
    }

    @Test
    void the_key_refusal_is_a_400_that_a_retry_would_only_repeat() {
        assertThat(ProblemCode.INVALID_IDEMPOTENCY_KEY.status().value()).isEqualTo(400);
        assertThat(ProblemCode.INVALID_IDEMPOTENCY_KEY.retryable()).isFalse();
        assertThat(ProblemCode.IDEMPOTENCY_KEY_REUSED.status().value()).isEqualTo(422);
        assertThat(ProblemCode.IDEMPOTENCY_KEY_IN_USE.status().value()).isEqualTo(409);
        assertThat(ProblemCode.IDEMPOTENCY_KEY_IN_USE.retryable()).isTrue();
    }
}
