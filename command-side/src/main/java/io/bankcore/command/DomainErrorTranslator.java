package io.bankcore.command;

import io.bankcore.api.CommandFailure;
import io.bankcore.domain.AccountNotFound;
import io.bankcore.domain.DomainException;
import io.bankcore.domain.TransferBatchRefused;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.AggregateNotFoundException;

/**
 * Turns a domain refusal into a {@link CommandExecutionException} whose details carry the error code,
 * so the reason crosses any command bus (local or distributed) as data rather than as a message
 * string the caller would have to parse.
 */
public class DomainErrorTranslator implements MessageHandlerInterceptor<CommandMessage<?>> {

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        try {
            return chain.proceed();
        } catch (DomainException refused) {
            throw refusal(refused);
        } catch (AggregateNotFoundException missing) {
            throw refusal(new AccountNotFound(String.valueOf(missing.getAggregateIdentifier())));
        }
    }

    private static CommandExecutionException refusal(DomainException refused) {
        if (refused instanceof TransferBatchRefused batch) {
            var results = batch.results().stream()
                    .map(r -> r == null
                            ? CommandFailure.APPLIED_NOTHING
                            : r.code().name())
                    .toList();
            return new CommandExecutionException(
                    refused.detail(),
                    null,
                    new CommandFailure(refused.code().name(), refused.detail(), batch.failedIndex(), results));
        }
        return new CommandExecutionException(
                refused.detail(), null, new CommandFailure(refused.code().name(), refused.detail()));
    }
}
