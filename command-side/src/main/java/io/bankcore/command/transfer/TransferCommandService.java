package io.bankcore.command.transfer;

import io.bankcore.api.RequestTransferCommand;
import io.bankcore.command.Commands;
import io.bankcore.command.port.in.TransferUseCase;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Supplier;
import org.axonframework.commandhandling.gateway.CommandGateway;

public class TransferCommandService implements TransferUseCase {

    private final CommandGateway commands;
    private final Supplier<UUID> ids;
    private final Duration timeout;

    public TransferCommandService(CommandGateway commands, Supplier<UUID> ids, Duration timeout) {
        this.commands = commands;
        this.ids = ids;
        this.timeout = timeout;
    }

    @Override
    public String requestTransfer(String fromAccountNumber, String toAccountNumber, long amountMinor, String currency) {
        var transferId = ids.get().toString();
        var command = new RequestTransferCommand(transferId, fromAccountNumber, toAccountNumber, amountMinor, currency);
        Commands.sendAndWait(commands, command, timeout);
        return transferId;
    }
}
