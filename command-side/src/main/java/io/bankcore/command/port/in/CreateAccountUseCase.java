package io.bankcore.command.port.in;

import io.bankcore.api.AccountState;
import io.bankcore.api.Memo;

public interface CreateAccountUseCase {

    /**
     * Opens an account whose balance may go down to minus {@code overdraftLimitMinor}; the number and
     * currency must already be valid.
     */
    AccountState createAccount(
            String accountNumber, long initialBalanceMinor, String currency, long overdraftLimitMinor, Memo memo);

    /** Opens an account without an overdraft limit. */
    default AccountState createAccount(String accountNumber, long initialBalanceMinor, String currency, Memo memo) {
        return createAccount(accountNumber, initialBalanceMinor, currency, 0, memo);
    }

    default AccountState createAccount(String accountNumber, long initialBalanceMinor, String currency) {
        return createAccount(accountNumber, initialBalanceMinor, currency, Memo.NONE);
    }
}
