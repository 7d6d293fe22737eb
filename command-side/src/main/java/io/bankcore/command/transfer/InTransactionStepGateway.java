package io.bankcore.command.transfer;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.axonframework.commandhandling.gateway.CommandGateway;

/**
 * Carries a saga step's command out at once, on the local command bus, in the saga's unit of work: the
 * command's unit of work is nested in it and joins its transaction, and the events it applies are
 * handed to the saga in the same transaction. A transfer requested on this instance thus commits its
 * request, debit, credit, outcome, saga bookkeeping and read models together, or none of them. A step
 * that fails (rather than being refused, which is an event) fails the whole unit of work.
 */
public class InTransactionStepGateway implements TransferStepGateway {

    private final CommandGateway commands;
    private final Duration timeout;

    public InTransactionStepGateway(CommandGateway commands, Duration timeout) {
        this.commands = commands;
        this.timeout = timeout;
    }

    @Override
    public boolean send(Object command) {
        commands.sendAndWait(command, timeout.toMillis(), TimeUnit.MILLISECONDS);
        return true;
    }
}
