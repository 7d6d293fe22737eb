package io.bankcore.command.transfer;

import io.bankcore.api.Memo;
import io.bankcore.api.ReversalReply;
import io.bankcore.api.ReverseTransferCommand;
import io.bankcore.command.Commands;
import io.bankcore.command.WritePipeline;
import io.bankcore.command.port.in.ReversalUseCase;
import io.bankcore.command.port.out.TransferAccounts;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.axonframework.commandhandling.gateway.CommandGateway;

/**
 * Sends reversals through the write pipeline, with the transfer's accounts named before the work is
 * queued (so the batch locks them with its other accounts, in one order). The reversal's id is drawn
 * once per request: a retry after a lost append race sends the same reversal again, decided anew on what
 * the winner left.
 */
public class TransferReversalService implements ReversalUseCase {

    private final CommandGateway commands;
    private final Supplier<UUID> ids;
    private final Duration timeout;
    private final WritePipeline pipeline;
    private final TransferAccounts accounts;

    public TransferReversalService(
            CommandGateway commands,
            Supplier<UUID> ids,
            Duration timeout,
            WritePipeline pipeline,
            TransferAccounts accounts) {
        this.commands = commands;
        this.ids = ids;
        this.timeout = timeout;
        this.pipeline = pipeline;
        this.accounts = accounts;
    }

    @Override
    public ReversalReply reverse(String transferId, Long amountMinor, Memo memo) {
        var command = new ReverseTransferCommand(transferId, ids.get().toString(), amountMinor);
        // Inside a batch (a keyed request) the accounts were declared when the request was queued.
        List<String> named = WritePipeline.writing() ? List.of() : accounts.of(transferId);
        return pipeline.execute(named, () -> Commands.sendAndWait(commands, command, memo, timeout));
    }
}
