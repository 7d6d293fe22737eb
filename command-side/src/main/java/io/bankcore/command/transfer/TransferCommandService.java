package io.bankcore.command.transfer;

import io.bankcore.api.Memo;
import io.bankcore.api.RequestTransferCommand;
import io.bankcore.command.Commands;
import io.bankcore.command.WritePipeline;
import io.bankcore.command.port.in.TransferUseCase;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.axonframework.commandhandling.gateway.CommandGateway;

/**
 * Sends {@code RequestTransferCommand}. A transfer whose legs run in its own transaction can lose a race
 * on either account (to another instance, or to a lock cycle); the whole request is then tried again,
 * under the same id: the attempt that lost left nothing behind.
 */
public class TransferCommandService implements TransferUseCase {

    private final CommandGateway commands;
    private final Supplier<UUID> ids;
    private final Duration timeout;
    private final WritePipeline pipeline;

    public TransferCommandService(
            CommandGateway commands, Supplier<UUID> ids, Duration timeout, WritePipeline pipeline) {
        this.commands = commands;
        this.ids = ids;
        this.timeout = timeout;
        this.pipeline = pipeline;
    }

    @Override
    public TransferReply requestTransfer(
            String fromAccountNumber, String toAccountNumber, long amountMinor, String currency, Memo memo) {
        var transferId = ids.get().toString();
        var command = new RequestTransferCommand(transferId, fromAccountNumber, toAccountNumber, amountMinor, currency);
        return pipeline.execute(
                List.of(fromAccountNumber, toAccountNumber),
                () -> Commands.sendAndWait(commands, command, memo, timeout));
    }
}
