package io.bankcore.app.events;

import java.util.List;
import java.util.function.BiConsumer;

/**
 * Spans for a sink's deliveries: each event delivered (a webhook {@code POST}, a RabbitMQ publication)
 * is a span of its own, linked to the span of the request that appended the event, whose context the
 * event keeps in its metadata; the delivery carries the delivery span's context ({@code traceparent}),
 * so that the receiver's trace can continue it. {@link #NONE} when tracing is off.
 */
public interface DeliveryTracing {

    /** What linking a round's events to their requests needs, read once for the round. */
    Round round(List<PublicEvent> events);

    /** The events of one delivery round. */
    interface Round {

        /**
         * Starts the span of one event's delivery ({@code operation}: {@code webhook.deliver},
         * {@code amqp.publish}) to {@code sink}; the entries that carry its context go to {@code carrier}.
         */
        Delivery start(String operation, String sink, PublicEvent event, BiConsumer<String, String> carrier);
    }

    /** One delivery's span. */
    interface Delivery {

        /** Ends the span: {@code error} (never a secret) is null when the event was delivered. */
        void end(String error);

        Delivery NONE = error -> {};
    }

    DeliveryTracing NONE = events -> (operation, sink, event, carrier) -> Delivery.NONE;
}
