package io.bankcore.domain;

/** Post or void of a transfer that is not (or no longer) a reservation; the detail names its status. */
public final class TransferNotPending extends DomainException {

    private final String status;

    public TransferNotPending(String transferId, String status) {
        super(
                ErrorCode.TRANSFER_NOT_PENDING,
                "Transfer " + transferId + " is not pending: its status is " + status + ".");
        this.status = status;
    }

    public String status() {
        return status;
    }
}
