package io.bankcore.bench;

final class Numbers {
    private Numbers() {}

    static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }

    static double round2(double v) {
        return Math.round(v * 100) / 100.0;
    }

    /** a / b to three decimals; null when either is missing or b is not positive. */
    static Double ratio(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y && y.doubleValue() > 0) {
            return Math.round(x.doubleValue() / y.doubleValue() * 1000) / 1000.0;
        }
        return null;
    }

    static long parseLong(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
