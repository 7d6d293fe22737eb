package io.bankcore.api;

/** An event that moved money on an account; it carries the account's balance right after it. */
public interface AccountBalanceEvent {

    String accountNumber();

    long balanceMinor();
}
