package io.bankcore.command.port.in;

import io.bankcore.api.AccountState;
import io.bankcore.api.Memo;

public interface CreateAccountUseCase {

    /** Opens an account; the number and currency must already be valid. */
    AccountState createAccount(String accountNumber, long initialBalanceMinor, String currency, Memo memo);

    default AccountState createAccount(String accountNumber, long initialBalanceMinor, String currency) {
        return createAccount(accountNumber, initialBalanceMinor, currency, Memo.NONE);
    }
}
