package io.bankcore.command.port.in;

import io.bankcore.api.Memo;
import io.bankcore.api.TransferBatchReply;
import java.util.List;
import java.util.Set;

/** Atomic batches of transfers: all of them are applied, in the given order, or none. */
public interface TransferBatchUseCase {

    /** One transfer of a batch, as the client asked for it (account numbers as sent). */
    record Request(String fromAccountNumber, String toAccountNumber, long amountMinor, String currency, Memo memo) {}

    /**
     * Applies the transfers together, or refuses them all ({@link io.bankcore.domain.TransferBatchRefused}).
     *
     * @param hiddenAccounts accounts the caller may not see: refused as unknown accounts
     */
    TransferBatchReply apply(List<Request> transfers, Set<String> hiddenAccounts);
}
