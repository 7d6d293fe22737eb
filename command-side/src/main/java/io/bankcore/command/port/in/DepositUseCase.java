package io.bankcore.command.port.in;

import io.bankcore.api.AccountState;

public interface DepositUseCase {

    AccountState deposit(String accountNumber, long amountMinor, String currency);
}
