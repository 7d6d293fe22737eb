package io.bankcore.domain;

import java.util.Objects;

/**
 * An account's state and the decisions taken on it. Immutable: each decision returns the state after
 * it, or throws the {@link DomainException} that refuses it. Nothing here knows how state is stored.
 */
public record Account(AccountId id, AccountNumber number, Money balance) {

    public Account {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(number, "number");
        Objects.requireNonNull(balance, "balance");
    }

    /** Opens an account; its currency is that of the initial balance and never changes. */
    public static Account open(AccountId id, AccountNumber number, Money initialBalance) {
        return new Account(id, number, initialBalance);
    }

    public CurrencyCode currency() {
        return balance.currency();
    }

    /** Adds money. Refused on a currency other than the account's, or if the balance would overflow. */
    public Account deposit(Money amount) {
        requirePositive(amount);
        return new Account(id, number, balance.plus(amount));
    }

    /** Removes money. Refused on a currency other than the account's, or beyond the balance. */
    public Account withdraw(Money amount) {
        requirePositive(amount);
        return new Account(id, number, balance.minus(amount));
    }

    /**
     * Refuses a transfer of {@code amount} from this account to {@code destination} that one of its legs
     * would refuse, checked in the contract's order: both accounts' currencies (this one first), then
     * this account's funds, then the destination's room for the amount. Refusing up front, rather than
     * at the credit, spares a transfer whose money would go out and come back (a refund).
     */
    public void checkTransferTo(Account destination, Money amount) {
        requirePositive(amount);
        for (Account account : new Account[] {this, destination}) {
            if (!account.currency().equals(amount.currency())) {
                throw new CurrencyMismatch(
                        "Money currency mismatch: account " + account.number().value() + " holds "
                                + account.currency().code() + ", the transfer is in "
                                + amount.currency().code() + ".");
            }
        }
        withdraw(amount);
        destination.deposit(amount);
    }

    private static void requirePositive(Money amount) {
        if (amount.isZero()) {
            throw new InvalidMoney("amount must be greater than 0, got 0");
        }
    }
}
