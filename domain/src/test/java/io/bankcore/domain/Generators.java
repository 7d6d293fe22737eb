package io.bankcore.domain;

import java.util.SplittableRandom;
import java.util.stream.IntStream;

/** Input generators for the property tests, biased towards the values where rules change. */
final class Generators {

    /**
     * Whitespace a client may send around a number: ASCII blanks and controls plus Unicode space and
     * line separators. The no-break spaces (U+00A0, U+2007, U+202F) are left out on purpose: Java's
     * {@code String.strip} keeps them, a known gap reported separately.
     */
    static final String WHITESPACE = " \t\n\u000B\f\r\u001C\u001D\u001E\u001F"
            + "\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2008\u2009\u200A\u2028\u2029\u205F\u3000";

    /** Digits of other scripts (Arabic-Indic, Devanagari, fullwidth, ...): digits, but not ASCII ones. */
    private static final char[] OTHER_SCRIPTS_DIGITS = IntStream.rangeClosed('9' + 1, Character.MAX_VALUE)
            .filter(Character::isDigit)
            .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
            .toString()
            .toCharArray();

    private static final long[] EDGE_AMOUNTS = {
        0, 1, 2, Long.MAX_VALUE, Long.MAX_VALUE - 1, Long.MAX_VALUE / 2, Long.MAX_VALUE / 2 + 1
    };

    private Generators() {}

    /**
     * A non-negative amount: spread over the whole range, with extra weight on small amounts, on edge
     * values and near the points where sums overflow, so both sides of every rule are reached.
     */
    static long amount(SplittableRandom random) {
        return switch (random.nextInt(5)) {
            case 0 -> random.nextLong() & Long.MAX_VALUE;
            case 1 -> random.nextLong(1_000_001);
            case 2 -> Long.MAX_VALUE / 2 - 1_000 + random.nextLong(2_001);
            case 3 -> Long.MAX_VALUE - random.nextLong(1_001);
            default -> EDGE_AMOUNTS[random.nextInt(EDGE_AMOUNTS.length)];
        };
    }

    /** Any long at all, negative ones included, with the extremes and zero often. */
    static long anyLong(SplittableRandom random) {
        return switch (random.nextInt(4)) {
            case 0 -> Long.MIN_VALUE + random.nextLong(3);
            case 1 -> random.nextLong(-3, 4);
            case 2 -> Long.MAX_VALUE - random.nextLong(3);
            default -> random.nextLong();
        };
    }

    static CurrencyCode currency(SplittableRandom random) {
        String[] codes = {"BRL", "USD", "EUR", "JPY", "GBP", "CHF"};
        return CurrencyCode.of(codes[random.nextInt(codes.length)]);
    }

    /** A string of ASCII digits with a length between the bounds, both inclusive. */
    static String digits(SplittableRandom random, int minLength, int maxLength) {
        int length = random.nextInt(minLength, maxLength + 1);
        StringBuilder digits = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            digits.append((char) ('0' + random.nextInt(10)));
        }
        return digits.toString();
    }

    /** Up to {@code maxLength} whitespace characters, possibly none. */
    static String whitespace(SplittableRandom random, int maxLength) {
        int length = random.nextInt(maxLength + 1);
        StringBuilder blanks = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            blanks.append(WHITESPACE.charAt(random.nextInt(WHITESPACE.length())));
        }
        return blanks.toString();
    }

    /** Any character but an ASCII digit, with extra weight on other scripts' digits and on letters. */
    static char notAnAsciiDigit(SplittableRandom random) {
        while (true) {
            char c = switch (random.nextInt(4)) {
                case 0 -> OTHER_SCRIPTS_DIGITS[random.nextInt(OTHER_SCRIPTS_DIGITS.length)];
                case 1 -> (char) (random.nextBoolean() ? 'a' + random.nextInt(26) : 'A' + random.nextInt(26));
                case 2 -> (char) random.nextInt(0x80);
                default -> (char) random.nextInt(Character.MAX_VALUE + 1);
            };
            if (c < '0' || c > '9') {
                return c;
            }
        }
    }

    /** Any string of up to {@code maxLength} characters from the whole UTF-16 range. */
    static String anyString(SplittableRandom random, int maxLength) {
        int length = random.nextInt(maxLength + 1);
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append((char) random.nextInt(Character.MAX_VALUE + 1));
        }
        return text.toString();
    }
}
