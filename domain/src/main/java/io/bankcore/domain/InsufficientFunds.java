package io.bankcore.domain;

public final class InsufficientFunds extends DomainException {

    public InsufficientFunds(Money balance, Money requested) {
        super(
                ErrorCode.INSUFFICIENT_FUNDS,
                "Insufficient funds: balance is " + balance.amountMinor() + ", requested " + requested.amountMinor()
                        + " " + requested.currency().code() + ".");
    }

    /**
     * Refused for want of available money on an account with an overdraft limit (or below zero): the
     * detail names what was available and what it is made of.
     */
    public InsufficientFunds(Money available, Balance balance, Money reserved, Money overdraftLimit, Money requested) {
        super(
                ErrorCode.INSUFFICIENT_FUNDS,
                "Insufficient funds: available balance is " + available.amountMinor() + " (balance "
                        + balance.amountMinor() + ", overdraft limit " + overdraftLimit.amountMinor() + ", "
                        + reserved.amountMinor() + " reserved), requested " + requested.amountMinor() + " "
                        + requested.currency().code() + ".");
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
