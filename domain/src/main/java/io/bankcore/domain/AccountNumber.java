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

    /**
     * Trims surrounding whitespace, then validates. Whitespace is Unicode's, as the original (Python's
     * {@code str.strip}) had it: no-break spaces and NEL included, which {@link String#strip} keeps.
     */
    public static AccountNumber of(String raw) {
        return new AccountNumber(raw == null ? null : stripWhitespace(raw));
    }

    static String stripWhitespace(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isWhitespace(s.charAt(start))) {
            start++;
        }
        while (end > start && isWhitespace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }

    private static boolean isWhitespace(char c) {
        return Character.isWhitespace(c)
                || Character.isSpaceChar(c)
                || c == '\u0085'
                || c == '\u001c'
                || c == '\u001d'
                || c == '\u001e'
                || c == '\u001f';
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
