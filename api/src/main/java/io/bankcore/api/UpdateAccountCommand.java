package io.bankcore.api;

import java.util.Map;
import java.util.Set;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Changes an account's description and metadata: {@code description} replaces it when {@code
 * setDescription} (null clears it); metadata merges, {@code setMetadata} adding or replacing keys and
 * {@code removeMetadata} removing them.
 */
public record UpdateAccountCommand(
        @TargetAggregateIdentifier String accountNumber,
        boolean setDescription,
        String description,
        Map<String, String> setMetadata,
        Set<String> removeMetadata) {

    public UpdateAccountCommand {
        setMetadata = setMetadata == null ? Map.of() : Map.copyOf(setMetadata);
        removeMetadata = removeMetadata == null ? Set.of() : Set.copyOf(removeMetadata);
    }
}
