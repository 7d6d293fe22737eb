package io.bankcore.domain;

/** A reversal of a transfer that did not complete (pending, failed, reserved, voided or expired); the detail names its status. */
public final class TransferNotCompleted extends DomainException {

    private final String status;

    public TransferNotCompleted(String transferId, String status) {
        super(
                ErrorCode.TRANSFER_NOT_COMPLETED,
                "Transfer " + transferId + " is not completed: its status is " + status + "; only a completed transfer"
                        + " can be reversed.");
        this.status = status;
    }

    public String status() {
        return status;
    }
}
