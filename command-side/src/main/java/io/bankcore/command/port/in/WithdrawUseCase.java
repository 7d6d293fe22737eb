package io.bankcore.command.port.in;

import io.bankcore.api.AccountState;
import io.bankcore.api.Memo;

public interface WithdrawUseCase {

    AccountState withdraw(String accountNumber, long amountMinor, String currency, Memo memo);

    default AccountState withdraw(String accountNumber, long amountMinor, String currency) {
        return withdraw(accountNumber, amountMinor, currency, Memo.NONE);
    }
}
