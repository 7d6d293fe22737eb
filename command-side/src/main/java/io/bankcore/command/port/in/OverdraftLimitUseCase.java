package io.bankcore.command.port.in;

import io.bankcore.api.AccountState;
import io.bankcore.api.Memo;

/** Changing how far below zero an account's balance may go (PUT /accounts/{n}/overdraft-limit). */
public interface OverdraftLimitUseCase {
    AccountState changeOverdraftLimit(String accountNumber, long overdraftLimitMinor, Memo memo);
}
