package io.bankcore.command.port.in;

import io.bankcore.api.AccountState;
import io.bankcore.api.Memo;

public interface DepositUseCase {

    AccountState deposit(String accountNumber, long amountMinor, String currency, Memo memo);

    default AccountState deposit(String accountNumber, long amountMinor, String currency) {
        return deposit(accountNumber, amountMinor, currency, Memo.NONE);
    }
}
