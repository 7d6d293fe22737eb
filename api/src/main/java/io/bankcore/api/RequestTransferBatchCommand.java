package io.bankcore.api;

import java.util.List;
import java.util.Set;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Applies several transfers together or not at all, in the given order: a later transfer may spend what an
 * earlier one brought. Each transfer has its own id (its correlation id) and memo; all carry the batch's id.
 *
 * <p>Its routing key is its own id: it names many accounts, and its handler is no aggregate's.
 *
 * @param hiddenAccounts accounts the caller may not see (another tenant's): refused as unknown, as a
 *     transfer alone would be
 */
public record RequestTransferBatchCommand(
        @TargetAggregateIdentifier String batchId, List<Item> transfers, Set<String> hiddenAccounts) {

    public RequestTransferBatchCommand {
        transfers = List.copyOf(transfers);
        hiddenAccounts = Set.copyOf(hiddenAccounts);
    }

    /** One transfer of the batch, as its client sent it (account numbers not yet checked). */
    public record Item(
            String transferId,
            String fromAccountNumber,
            String toAccountNumber,
            long amountMinor,
            String currency,
            Memo memo) {}
}
