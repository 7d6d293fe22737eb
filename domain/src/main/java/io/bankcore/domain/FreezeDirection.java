package io.bankcore.domain;

import java.util.Locale;

/** Which movements a freeze stops: money going out ({@link #DEBITS}), coming in, or both. */
public enum FreezeDirection {
    ALL,
    DEBITS,
    CREDITS;

    /** The wire name: {@code all}, {@code debits} or {@code credits}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The direction a wire name stands for, if any. */
    public static java.util.Optional<FreezeDirection> fromWire(String name) {
        for (FreezeDirection direction : values()) {
            if (direction.wireName().equals(name)) {
                return java.util.Optional.of(direction);
            }
        }
        return java.util.Optional.empty();
    }

    public boolean stopsDebits() {
        return this != CREDITS;
    }

    public boolean stopsCredits() {
        return this != DEBITS;
    }
}
