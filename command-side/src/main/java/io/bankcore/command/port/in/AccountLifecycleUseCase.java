package io.bankcore.command.port.in;

import io.bankcore.api.AccountState;
import io.bankcore.api.Memo;

/** Freezing, unfreezing and closing accounts. */
public interface AccountLifecycleUseCase {

    /** {@code direction}: ALL, DEBITS or CREDITS. */
    AccountState freeze(String accountNumber, String direction, String reason, Memo memo);

    default AccountState freeze(String accountNumber, String direction, String reason) {
        return freeze(accountNumber, direction, reason, Memo.NONE);
    }

    AccountState unfreeze(String accountNumber, Memo memo);

    default AccountState unfreeze(String accountNumber) {
        return unfreeze(accountNumber, Memo.NONE);
    }

    AccountState close(String accountNumber, Memo memo);

    default AccountState close(String accountNumber) {
        return close(accountNumber, Memo.NONE);
    }
}
