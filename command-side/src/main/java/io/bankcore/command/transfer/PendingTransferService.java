package io.bankcore.command.transfer;

import io.bankcore.api.PendingTransferReply;
import io.bankcore.api.PostTransferCommand;
import io.bankcore.api.ReserveTransferCommand;
import io.bankcore.api.VoidTransferCommand;
import io.bankcore.command.Commands;
import io.bankcore.command.WritePipeline;
import io.bankcore.command.port.in.PendingTransferUseCase;
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

    public PendingTransferService(
            CommandGateway commands, Supplier<UUID> ids, Clock clock, Duration timeout, WritePipeline pipeline) {
        this.commands = commands;
        this.ids = ids;
        this.clock = clock;
        this.timeout = timeout;
        this.pipeline = pipeline;
    }

    @Override
    public PendingTransferReply reserve(
            String fromAccountNumber, String toAccountNumber, long amountMinor, String currency, Duration expiresIn) {
        var transferId = ids.get().toString();
        var expiresAt = clock.instant().truncatedTo(ChronoUnit.MICROS).plus(expiresIn);
        var command = new ReserveTransferCommand(
                transferId, fromAccountNumber, toAccountNumber, amountMinor, currency, expiresAt);
        return pipeline.execute(
                List.of(fromAccountNumber, toAccountNumber), () -> Commands.sendAndWait(commands, command, timeout));
    }

    @Override
    public PendingTransferReply post(String transferId, Long amountMinor) {
        return pipeline.execute(
                List.of(),
                () -> Commands.sendAndWait(commands, new PostTransferCommand(transferId, amountMinor), timeout));
    }

    @Override
    public PendingTransferReply voidTransfer(String transferId) {
        return pipeline.execute(
                List.of(), () -> Commands.sendAndWait(commands, new VoidTransferCommand(transferId), timeout));
    }
}
