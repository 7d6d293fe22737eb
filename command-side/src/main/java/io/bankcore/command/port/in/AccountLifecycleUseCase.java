package io.bankcore.command.port.in;

import io.bankcore.api.AccountState;

/** Freezing, unfreezing and closing accounts. */
public interface AccountLifecycleUseCase {

    /** {@code direction}: ALL, DEBITS or CREDITS. */
    AccountState freeze(String accountNumber, String direction, String reason);

    AccountState unfreeze(String accountNumber);

    AccountState close(String accountNumber);
}
