package io.bankcore.domain;

import static io.bankcore.domain.PropertyCheck.forAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class AccountNumberProperties {

    record Padded(String before, String digits, String after) {

        String raw() {
            return before + digits + after;
        }
    }

    record WithIntruder(String before, String prefix, char intruder, String suffix, String after) {

        String raw() {
            return before + prefix + intruder + suffix + after;
        }
    }

    @Test
    void six_to_twelve_ascii_digits_with_surrounding_whitespace_round_trip_to_the_stripped_digits() {
        forAll(
                "valid numbers round-trip",
                random -> new Padded(
                        Generators.whitespace(random, 5),
                        Generators.digits(random, 6, 12),
                        Generators.whitespace(random, 5)),
                padded -> {
                    AccountNumber number = AccountNumber.of(padded.raw());

                    assertThat(number.value()).isEqualTo(padded.digits());
                    assertThat(number)
                            .isEqualTo(AccountNumber.of(padded.digits()))
                            .isEqualTo(new AccountNumber(padded.digits()));
                    assertThat(AccountNumber.of(number.value())).isEqualTo(number);
                    return padded.before().isEmpty() && padded.after().isEmpty() ? "bare" : "padded";
                });
    }

    @Test
    void a_number_containing_anything_but_ascii_digits_after_stripping_is_rejected() {
        Map<String, Integer> outcomes = forAll(
                "non-ASCII-digit characters are rejected",
                random -> {
                    String prefix = Generators.digits(random, 0, 8);
                    String suffix = Generators.digits(random, 0, 8);
                    char intruder = Generators.notAnAsciiDigit(random);
                    // Whitespace at either end of the stripped text would be stripped, not rejected.
                    while (strippable(intruder) && (prefix.isEmpty() || suffix.isEmpty())) {
                        intruder = Generators.notAnAsciiDigit(random);
                    }
                    return new WithIntruder(
                            Generators.whitespace(random, 3),
                            prefix,
                            intruder,
                            suffix,
                            Generators.whitespace(random, 3));
                },
                c -> {
                    assertThatThrownBy(() -> AccountNumber.of(c.raw()))
                            .isInstanceOf(InvalidAccountNumber.class)
                            .hasMessage("AccountNumber must contain only digits.");
                    return Character.isDigit(c.intruder()) ? "digit of another script" : "other character";
                });

        assertThat(outcomes.get("digit of another script")).isGreaterThan(PropertyCheck.TRIES / 10);
    }

    /**
     * Whitespace as {@link AccountNumber#of} strips it, Unicode's (Python's {@code str.strip}): Java's,
     * plus the no-break spaces (U+00A0, U+2007, U+202F) and NEL (U+0085).
     */
    private static boolean strippable(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\u0085';
    }

    @Test
    void digit_strings_shorter_than_6_or_longer_than_12_are_rejected() {
        Map<String, Integer> outcomes = forAll(
                "wrong lengths are rejected",
                random -> new Padded(
                        Generators.whitespace(random, 3),
                        random.nextBoolean() ? Generators.digits(random, 1, 5) : Generators.digits(random, 13, 40),
                        Generators.whitespace(random, 3)),
                padded -> {
                    assertThatThrownBy(() -> AccountNumber.of(padded.raw()))
                            .isInstanceOf(InvalidAccountNumber.class)
                            .hasMessage("AccountNumber must be between 6 and 12 digits long.");
                    return padded.digits().length() < 6 ? "too short" : "too long";
                });

        assertThat(outcomes).containsKeys("too short", "too long");
    }

    @Test
    void any_accepted_number_is_6_to_12_ascii_digits_and_anything_else_is_refused() {
        Map<String, Integer> outcomes = forAll(
                "only 6-12 ASCII digits are accepted",
                random -> switch (random.nextInt(3)) {
                    case 0 -> Generators.anyString(random, 14);
                    case 1 -> Generators.digits(random, 0, 14);
                    default -> Generators.whitespace(random, 2) + Generators.digits(random, 5, 13);
                },
                raw -> {
                    boolean wellFormed = raw.strip().matches("[0-9]{6,12}");
                    if (wellFormed) {
                        assertThat(AccountNumber.of(raw).value()).isEqualTo(raw.strip());
                        return "accepted";
                    }
                    assertThatThrownBy(() -> AccountNumber.of(raw)).isInstanceOf(InvalidAccountNumber.class);
                    return "refused";
                });

        assertThat(outcomes).containsKeys("accepted", "refused");
    }
}
