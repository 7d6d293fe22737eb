package io.bankcore.command.transfer;

import io.bankcore.api.RequestTransferBatchCommand;
import io.bankcore.api.TransferBatchReply;
import io.bankcore.command.Commands;
import io.bankcore.command.WritePipeline;
import io.bankcore.command.port.in.TransferBatchUseCase;
import io.bankcore.domain.AccountNumber;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;
import org.axonframework.commandhandling.gateway.CommandGateway;

/**
 * Sends an atomic batch as one command through the write pipeline, with every account it names declared
 * beforehand (the batch locks them with its other requests' accounts, in one order). The ids, the batch's
 * and each transfer's, are drawn once per request: a run again after a lost append race sends the same
 * batch, decided anew on what the winner left.
 */
public class TransferBatchService implements TransferBatchUseCase {

    private final CommandGateway commands;
    private final Supplier<UUID> ids;
    private final Duration timeout;
    private final WritePipeline pipeline;

    public TransferBatchService(CommandGateway commands, Supplier<UUID> ids, Duration timeout, WritePipeline pipeline) {
        this.commands = commands;
        this.ids = ids;
        this.timeout = timeout;
        this.pipeline = pipeline;
    }

    @Override
    public TransferBatchReply apply(List<Request> transfers, Set<String> hiddenAccounts) {
        var items = new ArrayList<RequestTransferBatchCommand.Item>(transfers.size());
        for (var t : transfers) {
            items.add(new RequestTransferBatchCommand.Item(
                    ids.get().toString(),
                    t.fromAccountNumber(),
                    t.toAccountNumber(),
                    t.amountMinor(),
                    t.currency(),
                    t.memo()));
        }
        var command = new RequestTransferBatchCommand(ids.get().toString(), items, hiddenAccounts);
        // Inside a batch of the pipeline (a keyed request) the accounts were declared when it was queued.
        List<String> named = WritePipeline.writing() ? List.of() : accounts(transfers);
        return pipeline.execute(named, () -> Commands.sendAndWait(commands, command, timeout));
    }

    /** The valid account numbers the transfers name: a hint for the pipeline's locks, never a check. */
    public static List<String> accounts(List<Request> transfers) {
        var numbers = new TreeSet<String>();
        for (var t : transfers) {
            for (String raw : new String[] {t.fromAccountNumber(), t.toAccountNumber()}) {
                try {
                    numbers.add(AccountNumber.of(raw).value());
                } catch (RuntimeException notANumber) {
                    // refused by the command, in its place in the batch
                }
            }
        }
        return List.copyOf(numbers);
    }
}
