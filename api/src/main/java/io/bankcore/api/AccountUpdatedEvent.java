package io.bankcore.api;

import java.util.Map;

/** The account's description and metadata as they are from now on (all of them, not the change). */
public record AccountUpdatedEvent(String accountNumber, String description, Map<String, String> metadata) {

    public AccountUpdatedEvent {
        metadata = metadata == null ? Map.of() : metadata;
    }
}
