package io.bankcore.domain;

/**
 * An account number: 6 to 12 ASCII digits after surrounding whitespace is trimmed. Leading zeros are
 * significant, so {@code 000001} and {@code 1} are different (and the latter is invalid).
 */
public record AccountNumber(String value) {

    public static final int MIN_DIGITS = 6;
    public static final int MAX_DIGITS = 12;

    public AccountNumber {
        if (value == null || !isAsciiDigits(value)) {
            throw new InvalidAccountNumber("AccountNumber must contain only digits.");
        }
        if (value.length() < MIN_DIGITS || value.length() > MAX_DIGITS) {
            throw new InvalidAccountNumber(
                    "AccountNumber must be between " + MIN_DIGITS + " and " + MAX_DIGITS + " digits long.");
        }
    }

    /** Trims surrounding whitespace, then validates. */
    public static AccountNumber of(String raw) {
        return new AccountNumber(raw == null ? null : raw.strip());
    }

    private static boolean isAsciiDigits(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return value;
    }
}
