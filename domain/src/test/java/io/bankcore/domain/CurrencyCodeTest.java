package io.bankcore.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CurrencyCodeTest {

    @ParameterizedTest
    @ValueSource(strings = {"BRL", "USD", "EUR", "JPY", "GBP"})
    void common_iso_4217_codes_are_accepted(String code) {
        CurrencyCode currency = CurrencyCode.of(code);

        assertThat(currency.code()).isEqualTo(code);
        assertThat(currency).hasToString(code);
        assertThat(CurrencyCode.isIso4217(code)).isTrue();
    }

    @Test
    void the_default_currency_is_brl() {
        assertThat(CurrencyCode.BRL).isEqualTo(CurrencyCode.of("BRL"));
    }

    @Test
    void codes_are_values_compared_by_content() {
        assertThat(CurrencyCode.of("USD")).isEqualTo(new CurrencyCode("USD")).isNotEqualTo(CurrencyCode.of("EUR"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "brl", // lower case is not the ISO form
                "Brl",
                "BR", // too short
                "BRLL", // too long
                "",
                " BRL", // no trimming for currencies
                "BRL ",
                "XYZ", // three letters, but no such currency
                "ABC",
                "QQQ",
                "B1L", // digits
                "986", // the numeric ISO code is not the alphabetic one
                "ÉUR", // non-ASCII letters
                "BRŁ",
                "ＢＲＬ", // fullwidth letters
                "БРЛ" // Cyrillic
            })
    void anything_but_a_known_upper_case_iso_4217_code_is_an_invalid_currency(String code) {
        assertThat(CurrencyCode.isIso4217(code)).isFalse();
        assertThatThrownBy(() -> CurrencyCode.of(code))
                .isInstanceOf(InvalidCurrency.class)
                .hasMessageContaining("ISO-4217")
                .extracting(e -> ((DomainException) e).code())
                .isEqualTo(ErrorCode.INVALID_CURRENCY);
    }

    @Test
    void the_rejection_message_quotes_the_offending_code() {
        assertThatThrownBy(() -> CurrencyCode.of("brl")).hasMessageContaining("\"brl\"");
    }

    @Test
    void a_missing_currency_is_an_invalid_currency_not_a_null_pointer() {
        assertThatThrownBy(() -> CurrencyCode.of(null))
                .isInstanceOf(InvalidCurrency.class)
                .hasMessageContaining("null");
        assertThatThrownBy(() -> new CurrencyCode(null)).isInstanceOf(InvalidCurrency.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"DEM", "FRF", "ESP", "HRK", "VEF", "XXX", "XTS", "XAU", "XDR"})
    void withdrawn_currencies_metals_and_testing_codes_are_not_money_an_account_can_hold(String code) {
        assertThat(CurrencyCode.isIso4217(code)).isFalse();
        assertThatThrownBy(() -> CurrencyCode.of(code)).isInstanceOf(InvalidCurrency.class);
    }

    @Test
    void null_is_not_a_currency_code() {
        assertThat(CurrencyCode.isIso4217(null)).isFalse();
    }
}
