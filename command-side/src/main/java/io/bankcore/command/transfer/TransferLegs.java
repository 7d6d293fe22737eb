package io.bankcore.command.transfer;

/** Remembers which legs of which transfers have been applied (or fenced off). */
public interface TransferLegs {

    enum Leg {
        DEBIT,
        CREDIT,
        REFUND
    }

    /**
     * Claims a leg for the current transaction. True the first time; false when the leg was already
     * claimed, so its command must not be applied again. The claim commits or rolls back with the
     * transaction that appends the leg's event.
     */
    boolean claim(String transferId, Leg leg, String accountNumber);
}
