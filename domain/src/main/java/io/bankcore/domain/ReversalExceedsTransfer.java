package io.bankcore.domain;

/** A reversal of more than what is left to reverse of a transfer (its settled amount less what was reversed). */
public final class ReversalExceedsTransfer extends DomainException {

    public ReversalExceedsTransfer(String transferId, long settledMinor, long reversedMinor, long requestedMinor) {
        super(
                ErrorCode.REVERSAL_EXCEEDS_TRANSFER,
                "Transfer " + transferId + " moved " + settledMinor + " and " + reversedMinor
                        + " of it is reversed already: at most " + Math.subtractExact(settledMinor, reversedMinor)
                        + " can be reversed, requested " + requestedMinor + ".");
    }
}
