package io.bankcore.domain;

public final class InsufficientFunds extends DomainException {

    public InsufficientFunds(Money balance, Money requested) {
        super(
                ErrorCode.INSUFFICIENT_FUNDS,
                "Insufficient funds: balance is " + balance.amountMinor() + ", requested " + requested.amountMinor()
                        + " " + requested.currency().code() + ".");
    }

    /** Refused for want of available money: part of the balance is held by reservations. */
    public InsufficientFunds(Money available, Money reserved, Money requested) {
        super(
                ErrorCode.INSUFFICIENT_FUNDS,
                "Insufficient funds: available balance is " + available.amountMinor() + " (" + reserved.amountMinor()
                        + " reserved), requested " + requested.amountMinor() + " "
                        + requested.currency().code()
                        + ".");
    }
}
