package io.bankcore.command.port.in;

import io.bankcore.api.AccountState;

public interface CreateAccountUseCase {

    /** Opens an account; the number and currency must already be valid. */
    AccountState createAccount(String accountNumber, long initialBalanceMinor, String currency);
}
