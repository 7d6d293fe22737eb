package io.bankcore.command.port.in;

import io.bankcore.api.AccountState;
import io.bankcore.api.UpdateAccountCommand;

/** Changing an account's description and metadata (PATCH /accounts/{n}). */
public interface UpdateAccountUseCase {
    AccountState update(UpdateAccountCommand change);
}
