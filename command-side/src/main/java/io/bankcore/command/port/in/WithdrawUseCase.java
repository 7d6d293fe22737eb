package io.bankcore.command.port.in;

import io.bankcore.api.AccountState;

public interface WithdrawUseCase {

    AccountState withdraw(String accountNumber, long amountMinor, String currency);
}
