package io.bankcore.domain;

import java.util.Objects;

/**
 * An account's state and the decisions taken on it. Immutable: each decision returns the state after
 * it, or throws the {@link DomainException} that refuses it. Nothing here knows how state is stored.
 *
 * <p>{@code balance} is the posted money; it may go below zero, down to minus the {@code overdraftLimit},
 * never further. {@code reserved} is what open reservations (pending transfers) hold, which no other
 * debit may use: the <em>available</em> balance is {@code balance + overdraftLimit - reserved}, never
 * below zero. A limit lowered below what the account uses is allowed: it only stops further debits
 * until the account is back within it.
 * A frozen account refuses movements in its freeze's direction; a closed one refuses every movement,
 * for good. Releasing a reservation is never refused: it only gives the account back its own money.
 */
public record Account(
        AccountId id,
        AccountNumber number,
        Balance balance,
        Money reserved,
        Money overdraftLimit,
        AccountStatus status,
        FreezeDirection freezeDirection,
        String freezeReason) {

    public Account {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(number, "number");
        Objects.requireNonNull(balance, "balance");
        Objects.requireNonNull(reserved, "reserved");
        Objects.requireNonNull(overdraftLimit, "overdraftLimit");
        Objects.requireNonNull(status, "status");
        reserved.requireSameCurrency(overdraftLimit);
        if (!balance.currency().equals(reserved.currency())) {
            throw new CurrencyMismatch(
                    "Money currency mismatch: expected " + balance.currency() + ", got " + reserved.currency() + ".");
        }
        if ((status == AccountStatus.FROZEN) != (freezeDirection != null)) {
            throw new IllegalArgumentException("a freeze direction goes with the FROZEN status, and only with it");
        }
    }

    /** An active account without reservations or overdraft limit. */
    public Account(AccountId id, AccountNumber number, Money balance) {
        this(id, number, balance, Money.zero(balance.currency()));
    }

    /** An active account without reservations, which may go down to minus {@code overdraftLimit}. */
    public Account(AccountId id, AccountNumber number, Money balance, Money overdraftLimit) {
        this(
                id,
                number,
                Balance.of(balance),
                Money.zero(balance.currency()),
                overdraftLimit,
                AccountStatus.ACTIVE,
                null,
                null);
    }

    /** Opens an account; its currency is that of the initial balance and never changes. */
    public static Account open(AccountId id, AccountNumber number, Money initialBalance) {
        return new Account(id, number, initialBalance);
    }

    /** Opens an account that may go down to minus {@code overdraftLimit} (in the account's currency). */
    public static Account open(AccountId id, AccountNumber number, Money initialBalance, Money overdraftLimit) {
        initialBalance.requireSameCurrency(overdraftLimit);
        return new Account(id, number, initialBalance, overdraftLimit);
    }

    public CurrencyCode currency() {
        return balance.currency();
    }

    /** The balance plus the overdraft limit less what open reservations hold, never below 0: what a debit may take. */
    public Money available() {
        return new Money(
                Balance.available(balance.amountMinor(), overdraftLimit.amountMinor(), reserved.amountMinor()),
                currency());
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
        reserved.requireSameCurrency(amount);
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
        return new Account(id, number, balance, reserved, overdraftLimit, AccountStatus.FROZEN, direction, reason);
    }

    /** Lifts a freeze; an account that is not frozen stays as it is. Refused on a closed account. */
    public Account unfreeze() {
        requireOpen();
        return new Account(id, number, balance, reserved, overdraftLimit, AccountStatus.ACTIVE, null, null);
    }

    /**
     * Sets how far below zero the balance may go. Refused on a closed account only: a frozen account's
     * limit may change, and a limit below what the account already uses is allowed (it stops further
     * debits until the account is back within it; nothing already done is undone).
     */
    public Account changeOverdraftLimit(Money limit) {
        reserved.requireSameCurrency(limit);
        requireOpen();
        return new Account(id, number, balance, reserved, limit, status, freezeDirection, freezeReason);
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
        return new Account(id, number, balance, reserved, overdraftLimit, AccountStatus.CLOSED, null, null);
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

    /**
     * Refuses a reversal that would take {@code amount} from this account (a transfer's destination) back
     * to {@code source}, as a transfer in that direction would be refused, in the same order; and, last,
     * for the source's state (closed, frozen for credits): a reversal moves both legs at once, so nothing
     * may refuse its credit after the debit.
     */
    public void checkReversalTo(Account source, Money amount) {
        checkReservationTo(source, amount);
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
        reserved.requireSameCurrency(amount);
        var available = available();
        if (available.isLessThan(amount)) {
            if (!overdraftLimit.isZero() || balance.amountMinor() < 0) {
                throw new InsufficientFunds(available, balance, reserved, overdraftLimit, amount);
            }
            if (reserved.isZero()) {
                throw new InsufficientFunds(available, amount);
            }
            throw new InsufficientFunds(available, reserved, amount);
        }
    }

    private Account withBalance(Balance newBalance, Money newReserved) {
        return new Account(id, number, newBalance, newReserved, overdraftLimit, status, freezeDirection, freezeReason);
    }

    private static void requirePositive(Money amount) {
        if (amount.isZero()) {
            throw new InvalidMoney("amount must be greater than 0, got 0");
        }
    }
}
