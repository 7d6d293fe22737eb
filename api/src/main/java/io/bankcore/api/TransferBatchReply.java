package io.bankcore.api;

import java.util.List;

/** What an applied batch did: each transfer with both balances (and sequences) right after it. */
public record TransferBatchReply(String batchId, List<Applied> transfers) {

    public TransferBatchReply {
        transfers = List.copyOf(transfers);
    }

    /** One applied transfer of the batch. */
    public record Applied(
            String transferId,
            String fromAccountNumber,
            String toAccountNumber,
            long amountMinor,
            String currency,
            long fromBalanceMinor,
            long toBalanceMinor,
            long fromSequence,
            long toSequence) {}
}
