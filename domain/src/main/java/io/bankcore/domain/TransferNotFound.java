package io.bankcore.domain;

public final class TransferNotFound extends DomainException {

    public TransferNotFound(String transferId) {
        super(ErrorCode.TRANSFER_NOT_FOUND, "Transfer with id " + transferId + " not found.");
    }
}
