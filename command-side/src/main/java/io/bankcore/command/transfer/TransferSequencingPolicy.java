package io.bankcore.command.transfer;

import io.bankcore.api.TransferEvent;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.async.SequencingPolicy;
import org.axonframework.eventhandling.async.SequentialPerAggregatePolicy;

/**
 * Puts all events of one transfer in one segment of the saga's processor. A transfer's events come
 * from three aggregates (the transfer and both accounts); sharded per aggregate, two threads (or two
 * instances) could handle one saga at the same time and lose one of its updates.
 */
public class TransferSequencingPolicy implements SequencingPolicy<EventMessage<?>> {

    @Override
    public Object getSequenceIdentifierFor(EventMessage<?> event) {
        if (event.getPayload() instanceof TransferEvent transfer) {
            return transfer.transferId();
        }
        return SequentialPerAggregatePolicy.instance().getSequenceIdentifierFor(event);
    }
}
