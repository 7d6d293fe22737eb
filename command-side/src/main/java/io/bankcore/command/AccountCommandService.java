package io.bankcore.command;

import io.bankcore.api.AccountState;
import io.bankcore.api.ChangeOverdraftLimitCommand;
import io.bankcore.api.CloseAccountCommand;
import io.bankcore.api.DepositMoneyCommand;
import io.bankcore.api.FreezeAccountCommand;
import io.bankcore.api.Memo;
import io.bankcore.api.OpenAccountCommand;
import io.bankcore.api.UnfreezeAccountCommand;
import io.bankcore.api.UpdateAccountCommand;
import io.bankcore.api.WithdrawMoneyCommand;
import io.bankcore.command.port.in.AccountLifecycleUseCase;
import io.bankcore.command.port.in.CreateAccountUseCase;
import io.bankcore.command.port.in.DepositUseCase;
import io.bankcore.command.port.in.OverdraftLimitUseCase;
import io.bankcore.command.port.in.UpdateAccountUseCase;
import io.bankcore.command.port.in.WithdrawUseCase;
import io.bankcore.domain.AccountAlreadyExists;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateStreamCreationException;

/** The account use cases, carried out by sending commands to the {@link AccountAggregate}. */
public class AccountCommandService
        implements CreateAccountUseCase,
                DepositUseCase,
                WithdrawUseCase,
                AccountLifecycleUseCase,
                UpdateAccountUseCase,
                OverdraftLimitUseCase {

    private final CommandGateway commands;
    private final Supplier<UUID> ids;
    private final Duration timeout;
    private final WritePipeline pipeline;
    private final Predicate<String> exists;

    public AccountCommandService(CommandGateway commands, Supplier<UUID> ids, Duration timeout) {
        this(
                commands,
                ids,
                timeout,
                WritePipeline.inline(new ConflictRetry(
                        new ConflictRetry.Policy(1, Duration.ZERO, Duration.ZERO),
                        ConflictRetry.Observer.NONE,
                        d -> {})),
                number -> false);
    }

    /**
     * @param exists whether an account's stream exists in the event store, asked in the write's
     *     transaction before opening it: a taken number is then refused in memory, before any
     *     statement fails (which would abort a PostgreSQL transaction shared with other requests).
     *     The event store's unique key still decides between two opens racing from two instances.
     */
    public AccountCommandService(
            CommandGateway commands,
            Supplier<UUID> ids,
            Duration timeout,
            WritePipeline pipeline,
            Predicate<String> exists) {
        this.commands = commands;
        this.ids = ids;
        this.timeout = timeout;
        this.pipeline = pipeline;
        this.exists = exists;
    }

    @Override
    public AccountState createAccount(
            String accountNumber, long initialBalanceMinor, String currency, long overdraftLimitMinor, Memo memo) {
        var accountId = ids.get().toString();
        return pipeline.execute(List.of(accountNumber), () -> {
            if (exists.test(accountNumber)) {
                throw new AccountAlreadyExists(accountNumber);
            }
            try {
                send(
                        new OpenAccountCommand(
                                accountNumber, accountId, initialBalanceMinor, currency, overdraftLimitMinor),
                        memo);
            } catch (RuntimeException failed) {
                throw creationFailed(accountNumber, failed);
            }
            // Opening always writes exactly one event, so the account is at sequence 0.
            return new AccountState(
                    accountNumber,
                    accountId,
                    initialBalanceMinor,
                    currency,
                    0,
                    0,
                    "ACTIVE",
                    null,
                    null,
                    overdraftLimitMinor);
        });
    }

    /**
     * What a failure to open the account means: the event store's unique key refused a second stream
     * for this number (or, through Axon Server, refused sequence number 0), so the account exists
     * already; any other failure as it is. Also for a unit of
     * work that opened the account nested and failed only at its commit.
     */
    public static RuntimeException creationFailed(String accountNumber, RuntimeException failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof AggregateStreamCreationException || AxonServerErrors.sequenceTaken(t) == 0) {
                return new AccountAlreadyExists(accountNumber);
            }
        }
        return failure;
    }

    @Override
    public AccountState deposit(String accountNumber, long amountMinor, String currency, Memo memo) {
        return pipeline.execute(
                List.of(accountNumber),
                () -> send(new DepositMoneyCommand(accountNumber, amountMinor, currency), memo));
    }

    @Override
    public AccountState withdraw(String accountNumber, long amountMinor, String currency, Memo memo) {
        return pipeline.execute(
                List.of(accountNumber),
                () -> send(new WithdrawMoneyCommand(accountNumber, amountMinor, currency), memo));
    }

    @Override
    public AccountState freeze(String accountNumber, String direction, String reason, Memo memo) {
        return pipeline.execute(
                List.of(accountNumber), () -> send(new FreezeAccountCommand(accountNumber, direction, reason), memo));
    }

    @Override
    public AccountState unfreeze(String accountNumber, Memo memo) {
        return pipeline.execute(List.of(accountNumber), () -> send(new UnfreezeAccountCommand(accountNumber), memo));
    }

    @Override
    public AccountState update(UpdateAccountCommand change) {
        return pipeline.execute(List.of(change.accountNumber()), () -> send(change, Memo.NONE));
    }

    @Override
    public AccountState changeOverdraftLimit(String accountNumber, long overdraftLimitMinor, Memo memo) {
        return pipeline.execute(
                List.of(accountNumber),
                () -> send(new ChangeOverdraftLimitCommand(accountNumber, overdraftLimitMinor), memo));
    }

    @Override
    public AccountState close(String accountNumber, Memo memo) {
        return pipeline.execute(List.of(accountNumber), () -> send(new CloseAccountCommand(accountNumber), memo));
    }

    private <R> R send(Object command, Memo memo) {
        return Commands.sendAndWait(commands, command, memo, timeout);
    }
}
