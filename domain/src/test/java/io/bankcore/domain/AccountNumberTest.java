package io.bankcore.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AccountNumberTest {

    private static final String ONLY_DIGITS = "AccountNumber must contain only digits";
    private static final String LENGTH = "AccountNumber must be between 6 and 12 digits long";

    @ParameterizedTest
    @ValueSource(strings = {"000001", "123456", "1234567", "12345678901", "123456789012", "999999999999"})
    void six_to_twelve_ascii_digits_are_an_account_number(String digits) {
        AccountNumber number = AccountNumber.of(digits);

        assertThat(number.value()).isEqualTo(digits);
        assertThat(number).hasToString(digits);
    }

    @Test
    void surrounding_whitespace_is_trimmed() {
        assertThat(AccountNumber.of("  000001  ").value()).isEqualTo("000001");
        assertThat(AccountNumber.of("\t123456\n").value()).isEqualTo("123456");
        assertThat(AccountNumber.of("\r\n 123456789012 \t")).isEqualTo(AccountNumber.of("123456789012"));
    }

    @Test
    void leading_zeros_are_kept_so_000001_and_1_are_different() {
        AccountNumber padded = AccountNumber.of("000001");

        assertThat(padded.value()).isEqualTo("000001");
        assertThat(padded).isNotEqualTo(AccountNumber.of("0000001"));
        assertThatThrownBy(() -> AccountNumber.of("1"))
                .isInstanceOf(InvalidAccountNumber.class)
                .hasMessageContaining(LENGTH);
    }

    @Test
    void numbers_with_the_same_digits_are_equal() {
        assertThat(AccountNumber.of("000042"))
                .isEqualTo(new AccountNumber("000042"))
                .hasSameHashCodeAs(AccountNumber.of(" 000042 "));
    }

    @ParameterizedTest
    @ValueSource(strings = {"12345", "00001", "1234567890123", "0000000000001", "   12345   "})
    void five_or_thirteen_digits_are_the_wrong_length(String raw) {
        assertThatThrownBy(() -> AccountNumber.of(raw))
                .isInstanceOf(InvalidAccountNumber.class)
                .hasMessageContaining(LENGTH)
                .extracting(e -> ((DomainException) e).code())
                .isEqualTo(ErrorCode.INVALID_ACCOUNT_NUMBER);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "٠١٢٣٤٥", // Arabic-Indic digits: Character.isDigit, but not ASCII
                "۰۱۲۳۴۵", // Extended Arabic-Indic
                "०१२३४५", // Devanagari
                "０００００１", // fullwidth
                "00000١", // a single non-ASCII digit among ASCII ones
                "12345a",
                "abcdef",
                "123 456", // inner space
                "123\t456",
                "+123456",
                "-123456",
                "123456.0",
                "1_234_567",
                "12345６"
            })
    void anything_but_ascii_digits_is_rejected_as_not_only_digits(String raw) {
        assertThatThrownBy(() -> AccountNumber.of(raw))
                .isInstanceOf(InvalidAccountNumber.class)
                .hasMessageContaining(ONLY_DIGITS)
                .extracting(e -> ((DomainException) e).code())
                .isEqualTo(ErrorCode.INVALID_ACCOUNT_NUMBER);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\t\n "})
    void an_empty_or_blank_number_is_rejected(String raw) {
        assertThatThrownBy(() -> AccountNumber.of(raw)).isInstanceOf(InvalidAccountNumber.class);
    }

    @Test
    void a_missing_number_is_an_invalid_account_number_not_a_null_pointer() {
        assertThatThrownBy(() -> AccountNumber.of(null))
                .isInstanceOf(InvalidAccountNumber.class)
                .hasMessageContaining(ONLY_DIGITS);
        assertThatThrownBy(() -> new AccountNumber(null)).isInstanceOf(InvalidAccountNumber.class);
    }

    @Test
    void an_account_number_never_holds_surrounding_whitespace() {
        assertThatThrownBy(() -> new AccountNumber(" 123456 "))
                .isInstanceOf(InvalidAccountNumber.class)
                .hasMessageContaining(ONLY_DIGITS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u00A0000001", "000001\u00A0", "\u2007000001\u202F", "\u0085000001", "\u3000000001"})
    void unicode_whitespace_around_the_number_is_trimmed_as_the_original_did(String raw) {
        assertThat(AccountNumber.of(raw).value()).isEqualTo("000001");
    }

    @Test
    void whitespace_inside_the_number_is_still_rejected() {
        assertThatThrownBy(() -> AccountNumber.of("000\u00A0001"))
                .isInstanceOf(InvalidAccountNumber.class)
                .hasMessageContaining("only digits");
    }
}
