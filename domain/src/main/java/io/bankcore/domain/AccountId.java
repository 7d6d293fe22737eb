package io.bankcore.domain;

import java.util.Objects;
import java.util.UUID;

/** The immutable technical identity of an account, distinct from its human-facing number. */
public record AccountId(UUID value) {

    public AccountId {
        Objects.requireNonNull(value, "value");
    }

    public static AccountId of(String value) {
        return new AccountId(UUID.fromString(value));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
