package io.bankcore.domain;

public final class InsufficientFunds extends DomainException {

    public InsufficientFunds(Money balance, Money requested) {
        super(
                ErrorCode.INSUFFICIENT_FUNDS,
                "Insufficient funds: balance is " + balance.amountMinor() + ", requested " + requested.amountMinor()
                        + " " + requested.currency().code() + ".");
    }
}
