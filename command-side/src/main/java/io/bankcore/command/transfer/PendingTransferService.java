package io.bankcore.command.transfer;

import io.bankcore.api.Memo;
import io.bankcore.api.PendingTransferReply;
import io.bankcore.api.PostTransferCommand;
import io.bankcore.api.ReserveTransferCommand;
import io.bankcore.api.VoidTransferCommand;
import io.bankcore.command.Commands;
import io.bankcore.command.WritePipeline;
import io.bankcore.command.port.in.PendingTransferUseCase;
import io.bankcore.command.port.out.TransferAccounts;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.axonframework.commandhandling.gateway.CommandGateway;

/**
 * Sends the pending-transfer commands. Each is retried whole after losing an append race (to another
 * instance ending the same transfer, or writing the same account): the attempt that lost left nothing
 * behind, and the retry sees the winner's outcome (a second end of one transfer is then refused as
 * TRANSFER_NOT_PENDING).
 */
public class PendingTransferService implements PendingTransferUseCase {

    private final CommandGateway commands;
    private final Supplier<UUID> ids;
    private final Clock clock;
    private final Duration timeout;
    private final WritePipeline pipeline;
    private final TransferAccounts accounts;

    public PendingTransferService(
            CommandGateway commands,
            Supplier<UUID> ids,
            Clock clock,
            Duration timeout,
            WritePipeline pipeline,
            TransferAccounts accounts) {
        this.commands = commands;
        this.ids = ids;
        this.clock = clock;
        this.timeout = timeout;
        this.pipeline = pipeline;
        this.accounts = accounts;
    }

    @Override
    public PendingTransferReply reserve(
            String fromAccountNumber,
            String toAccountNumber,
            long amountMinor,
            String currency,
            Duration expiresIn,
            Memo memo) {
        var transferId = ids.get().toString();
        var expiresAt = clock.instant().truncatedTo(ChronoUnit.MICROS).plus(expiresIn);
        var command = new ReserveTransferCommand(
                transferId, fromAccountNumber, toAccountNumber, amountMinor, currency, expiresAt);
        return pipeline.execute(
                List.of(fromAccountNumber, toAccountNumber),
                () -> Commands.sendAndWait(commands, command, memo, timeout));
    }

    @Override
    public PendingTransferReply post(String transferId, Long amountMinor, Memo memo) {
        return pipeline.execute(
                accountsOf(transferId),
                () -> Commands.sendAndWait(commands, new PostTransferCommand(transferId, amountMinor), memo, timeout));
    }

    @Override
    public PendingTransferReply voidTransfer(String transferId, Memo memo) {
        return pipeline.execute(
                accountsOf(transferId),
                () -> Commands.sendAndWait(commands, new VoidTransferCommand(transferId), memo, timeout));
    }

    /** Looked up before the work is queued; inside a batch (a keyed request) its accounts are declared already. */
    private List<String> accountsOf(String transferId) {
        return WritePipeline.writing() ? List.of() : accounts.of(transferId);
    }
}
