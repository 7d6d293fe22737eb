package io.bankcore.command;

import io.bankcore.api.Memo;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;

/** Sending a command and waiting, bounded, for its result. */
public final class Commands {

    private Commands() {}

    /**
     * The command's result, or {@link CommandTimedOut} when none came within the timeout. Axon's
     * gateway documents a null result for an expired wait, but throws a {@link CommandExecutionException}
     * caused by a {@link TimeoutException}; both mean the same.
     */
    public static <R> R sendAndWait(CommandGateway commands, Object command, Duration timeout) {
        return sendAndWait(commands, command, Memo.NONE, timeout);
    }

    /** As {@link #sendAndWait(CommandGateway, Object, Duration)}, with the client's memo in the command's metadata. */
    public static <R> R sendAndWait(CommandGateway commands, Object command, Memo memo, Duration timeout) {
        Object message = memo.empty()
                ? command
                : GenericCommandMessage.asCommandMessage(command).andMetaData(memo.asMetaData());
        R result;
        try {
            result = commands.sendAndWait(message, timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (CommandExecutionException failed) {
            if (failed.getCause() instanceof TimeoutException) {
                throw new CommandTimedOut(command.getClass().getSimpleName(), timeout);
            }
            throw failed;
        }
        if (result == null) {
            throw new CommandTimedOut(command.getClass().getSimpleName(), timeout);
        }
        return result;
    }
}
