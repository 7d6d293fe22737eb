package io.bankcore.command.transfer;

import io.bankcore.command.ConflictRetry;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a saga step's command after the saga's transaction commits, on a worker thread, so the
 * command runs in a transaction of its own. Run inside the saga's transaction instead, one lost
 * append race would fail the whole batch of the saga's processor, which then backs off for seconds;
 * here the command alone is retried, at once.
 */
public class AfterCommitStepGateway implements TransferStepGateway, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AfterCommitStepGateway.class);

    private final CommandGateway commands;
    private final ConflictRetry retry;
    private final ExecutorService workers;
    private final Duration timeout;

    public AfterCommitStepGateway(
            CommandGateway commands, ConflictRetry retry, ExecutorService workers, Duration timeout) {
        this.commands = commands;
        this.retry = retry;
        this.workers = workers;
        this.timeout = timeout;
    }

    @Override
    public boolean send(Object command) {
        if (CurrentUnitOfWork.isStarted()) {
            var unitOfWork = CurrentUnitOfWork.get();
            // The worker thread has no unit of work to inherit from, so the saga's correlation data
            // (trace id, correlation id) travels with the command explicitly.
            var message = GenericCommandMessage.asCommandMessage(command).andMetaData(unitOfWork.getCorrelationData());
            unitOfWork.afterCommit(u -> dispatch(message));
        } else {
            dispatch(GenericCommandMessage.asCommandMessage(command));
        }
        return false;
    }

    private void dispatch(CommandMessage<?> command) {
        workers.execute(() -> {
            try {
                retry.run(command.getPayloadType().getSimpleName(), () -> {
                    commands.sendAndWait(command, timeout.toMillis(), TimeUnit.MILLISECONDS);
                    return null;
                });
            } catch (RuntimeException failed) {
                // Not lost: the saga's deadline sends the step again.
                log.warn(
                        "transfer step {} failed, the saga's deadline will send it again: {}",
                        command,
                        failed.toString());
            }
        });
    }

    /** Lets queued steps go out before the application stops; whatever remains, the deadline resends. */
    @Override
    public void close() {
        workers.shutdown();
        try {
            workers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
