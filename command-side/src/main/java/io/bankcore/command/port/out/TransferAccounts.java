package io.bankcore.command.port.out;

import java.util.List;

/**
 * The accounts a pending transfer moves money between, looked up before its post or void runs, so that
 * the write pipeline can lock them at its batch's start, in one order with the other requests'
 * accounts (see {@code WritePipeline}). Only a hint: an account missing here (a transfer the read model
 * does not show yet) is locked when the command loads it.
 */
@FunctionalInterface
public interface TransferAccounts {

    /** The transfer's source and destination account numbers, or none when it is not known. */
    List<String> of(String transferId);

    TransferAccounts UNKNOWN = transferId -> List.of();
}
