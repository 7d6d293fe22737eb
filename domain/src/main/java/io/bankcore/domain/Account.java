package io.bankcore.domain;

import java.util.Objects;

/**
 * An account's state and the decisions taken on it. Immutable: each decision returns the state after
 * it, or throws the {@link DomainException} that refuses it. Nothing here knows how state is stored.
 *
 * <p>{@code balance} is the posted money; {@code reserved} the part of it held by open reservations
 * (pending transfers), which no other debit may use: the <em>available</em> balance is their difference.
 * A frozen account refuses movements in its freeze's direction; a closed one refuses every movement,
 * for good. Releasing a reservation is never refused: it only gives the account back its own money.
 */
public record Account(
        AccountId id,
        AccountNumber number,
        Money balance,
        Money reserved,
        AccountStatus status,
        FreezeDirection freezeDirection,
        String freezeReason) {

    public Account {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(number, "number");
        Objects.requireNonNull(balance, "balance");
        Objects.requireNonNull(reserved, "reserved");
        Objects.requireNonNull(status, "status");
        balance.requireSameCurrency(reserved);
        if (balance.isLessThan(reserved)) {
            throw new IllegalArgumentException("reserved " + reserved.amountMinor() + " exceeds balance "
                    + balance.amountMinor() + " of account " + number.value());
        }
        if ((status == AccountStatus.FROZEN) != (freezeDirection != null)) {
            throw new IllegalArgumentException("a freeze direction goes with the FROZEN status, and only with it");
        }
    }

    /** An active account without reservations. */
    public Account(AccountId id, AccountNumber number, Money balance) {
        this(id, number, balance, Money.zero(balance.currency()), AccountStatus.ACTIVE, null, null);
    }

    /** Opens an account; its currency is that of the initial balance and never changes. */
    public static Account open(AccountId id, AccountNumber number, Money initialBalance) {
        return new Account(id, number, initialBalance);
    }

    public CurrencyCode currency() {
        return balance.currency();
    }

    /** The balance less what open reservations hold: what a debit may take. */
    public Money available() {
        return new Money(balance.amountMinor() - reserved.amountMinor(), currency());
    }

    /** Adds money. Refused on a closed account or one frozen for credits, on a currency other than the account's, or on overflow. */
    public Account deposit(Money amount) {
        requirePositive(amount);
        requireCredits();
        return withBalance(balance.plus(amount), reserved);
    }

    /** Removes money. Refused on a closed account or one frozen for debits, on another currency, or beyond the available balance. */
    public Account withdraw(Money amount) {
        requirePositive(amount);
        requireDebits();
        requireAvailable(amount);
        return withBalance(balance.minus(amount), reserved);
    }

    /**
     * Gives back money a transfer took from this account (its credit was refused). Never refused for the
     * account's state: the money left this very account, and a freeze does not keep it away.
     */
    public Account refund(Money amount) {
        requirePositive(amount);
        return withBalance(balance.plus(amount), reserved);
    }

    /** Holds money for a pending transfer: refused as a withdrawal of the same amount would be. */
    public Account reserve(Money amount) {
        requirePositive(amount);
        requireDebits();
        requireAvailable(amount);
        return withBalance(balance, reserved.plus(amount));
    }

    /** Gives a reservation's money back to the available balance. Never refused for a business reason. */
    public Account release(Money amount) {
        balance.requireSameCurrency(amount);
        if (reserved.isLessThan(amount)) {
            throw new IllegalStateException("releasing " + amount.amountMinor() + " of account " + number.value()
                    + " that holds only " + reserved.amountMinor() + " reserved");
        }
        return withBalance(balance, reserved.minus(amount));
    }

    /**
     * Settles a reservation of {@code held}: {@code posted} (at most {@code held}) leaves the account, the
     * rest is released. Refused on an account frozen for debits; the reservation then stays.
     */
    public Account postReserved(Money held, Money posted) {
        requirePositive(posted);
        requireDebits();
        if (held.isLessThan(posted)) {
            throw new InvalidMoney(
                    "amount must be at most the reserved " + held.amountMinor() + ", got " + posted.amountMinor());
        }
        var released = release(held);
        return released.withBalance(released.balance.minus(posted), released.reserved);
    }

    /** Freezes the account (or changes its freeze's direction and reason). Refused on a closed account. */
    public Account freeze(FreezeDirection direction, String reason) {
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(reason, "reason");
        requireOpen();
        return new Account(id, number, balance, reserved, AccountStatus.FROZEN, direction, reason);
    }

    /** Lifts a freeze; an account that is not frozen stays as it is. Refused on a closed account. */
    public Account unfreeze() {
        requireOpen();
        return new Account(id, number, balance, reserved, AccountStatus.ACTIVE, null, null);
    }

    /** Closes the account for good: only at a zero balance with nothing reserved. */
    public Account close() {
        requireOpen();
        if (!reserved.isZero()) {
            throw new AccountNotEmpty("Account " + number.value() + " has " + reserved.amountMinor() + " "
                    + currency().code() + " reserved by open reservations; post or void them first.");
        }
        if (!balance.isZero()) {
            throw new AccountNotEmpty("Account " + number.value() + " has a balance of " + balance.amountMinor() + " "
                    + currency().code() + "; it must be 0 to close.");
        }
        return new Account(id, number, balance, reserved, AccountStatus.CLOSED, null, null);
    }

    /**
     * Refuses a transfer of {@code amount} from this account to {@code destination} that its debit would
     * refuse, or that the destination's credit would refuse for want of room, checked in the contract's
     * order: this account's state (closed, frozen for debits), both accounts' currencies (this one first),
     * then this account's available funds, then the destination's room for the amount. The destination's
     * state is left to its credit, which refuses a closed or frozen account (and the amount goes back).
     * Refusing up front, rather than at the credit, spares a transfer whose money would go out and come
     * back (a refund).
     */
    public void checkTransferTo(Account destination, Money amount) {
        requirePositive(amount);
        requireDebits();
        for (Account account : new Account[] {this, destination}) {
            if (!account.currency().equals(amount.currency())) {
                throw new CurrencyMismatch(
                        "Money currency mismatch: account " + account.number().value() + " holds "
                                + account.currency().code() + ", the transfer is in "
                                + amount.currency().code() + ".");
            }
        }
        requireAvailable(amount);
        destination.balance.plus(amount);
    }

    /**
     * As {@link #checkTransferTo}, for a reservation: there is no credit yet that could refuse a closed or
     * frozen destination, so its state is checked here too, last.
     */
    public void checkReservationTo(Account destination, Money amount) {
        checkTransferTo(destination, amount);
        destination.requireCredits();
    }

    /** Refuses a credit this account would refuse for its state (closed, frozen for credits). */
    public void requireCredits() {
        requireOpen();
        if (status == AccountStatus.FROZEN && freezeDirection.stopsCredits()) {
            throw new AccountFrozen(number, freezeDirection, freezeReason);
        }
    }

    private void requireDebits() {
        requireOpen();
        if (status == AccountStatus.FROZEN && freezeDirection.stopsDebits()) {
            throw new AccountFrozen(number, freezeDirection, freezeReason);
        }
    }

    private void requireOpen() {
        if (status == AccountStatus.CLOSED) {
            throw new AccountClosed(number);
        }
    }

    private void requireAvailable(Money amount) {
        balance.requireSameCurrency(amount);
        var available = available();
        if (available.isLessThan(amount)) {
            if (reserved.isZero()) {
                throw new InsufficientFunds(balance, amount);
            }
            throw new InsufficientFunds(available, reserved, amount);
        }
    }

    private Account withBalance(Money newBalance, Money newReserved) {
        return new Account(id, number, newBalance, newReserved, status, freezeDirection, freezeReason);
    }

    private static void requirePositive(Money amount) {
        if (amount.isZero()) {
            throw new InvalidMoney("amount must be greater than 0, got 0");
        }
    }
}
