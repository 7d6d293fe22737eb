package io.bankcore.command.transfer;

import io.bankcore.api.Memo;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * Keeps the events of an atomic batch's transfers (their metadata names the batch) away from the transfer
 * saga's processor. The saga carries a transfer's legs across transactions and watches them; a batch's
 * transfers are applied whole, legs and outcome, by {@link TransferBatchHandler} in one transaction, so there
 * is nothing for a saga to send or watch, and no saga is started, looked up or ended for them.
 */
public final class BatchedTransfersBypassSaga implements MessageHandlerInterceptor<EventMessage<?>> {

    @Override
    public Object handle(UnitOfWork<? extends EventMessage<?>> unitOfWork, InterceptorChain interceptorChain)
            throws Exception {
        if (unitOfWork.getMessage().getMetaData().containsKey(Memo.BATCH_ID)) {
            return null;
        }
        return interceptorChain.proceed();
    }
}
