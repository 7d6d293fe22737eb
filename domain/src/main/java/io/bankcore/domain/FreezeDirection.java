package io.bankcore.domain;

import java.util.Locale;
import java.util.Optional;

/** Which movements a freeze stops: money going out ({@link #DEBITS}), coming in, or both. */
public enum FreezeDirection {
    ALL,
    DEBITS,
    CREDITS;

    /** The direction a name stands for, in upper or lower case ({@code DEBITS} or {@code debits}), if any. */
    public static Optional<FreezeDirection> parse(String name) {
        for (FreezeDirection direction : values()) {
            if (direction.name().equals(name) || direction.prose().equals(name)) {
                return Optional.of(direction);
            }
        }
        return Optional.empty();
    }

    /** The direction in a sentence: {@code debits}. */
    public String prose() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean stopsDebits() {
        return this != CREDITS;
    }

    public boolean stopsCredits() {
        return this != DEBITS;
    }
}
