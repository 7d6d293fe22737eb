package io.bankcore.app.amqp;

import io.bankcore.app.events.DeliveryTracing;
import io.bankcore.app.events.PublicEvent;
import io.bankcore.app.events.Sink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

/**
 * The event feed published to a RabbitMQ topic exchange: routing key = the event's type
 * ({@code money.deposited}: bind {@code money.*} or {@code transfer.#}), body = the event's JSON,
 * persistent, {@code message_id} = its {@code event_id}. A round publishes a batch on one channel and
 * waits for the broker's publisher confirms; only then does the cursor move, so a message is counted
 * delivered only once the broker has taken responsibility for it. A nack, a timeout or a lost
 * connection fails the round: it is published again (duplicates carry the same {@code message_id}).
 * With traces on, each publication is a span linked to the request that appended the event, and the
 * message carries the span's context in its {@code traceparent} header.
 */
final class AmqpSink implements Sink {

    static final String NAME = "amqp";

    private final RabbitTemplate template;
    private final RabbitAdmin admin;
    private final String exchange;
    private final Duration confirmTimeout;
    private final int batchSize;
    private final DeliveryTracing tracing;
    private volatile boolean declared;

    AmqpSink(
            RabbitTemplate template,
            RabbitAdmin admin,
            String exchange,
            Duration confirmTimeout,
            int batchSize,
            DeliveryTracing tracing) {
        this.tracing = tracing;
        this.template = template;
        this.admin = admin;
        this.exchange = exchange;
        this.confirmTimeout = confirmTimeout;
        this.batchSize = batchSize;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String mode() {
        return "AMQP";
    }

    @Override
    public boolean active() {
        return true;
    }

    @Override
    public boolean accepts(PublicEvent event) {
        return true;
    }

    @Override
    public void deliver(List<PublicEvent> events, int failedAttempts, Round round) throws Failure {
        var traces = tracing.round(events);
        var spans = new ArrayList<DeliveryTracing.Delivery>(events.size());
        try {
            if (!declared) {
                admin.declareExchange(new TopicExchange(exchange, true, false));
                declared = true;
            }
            template.invoke(operations -> {
                for (PublicEvent event : events) {
                    Message message = message(event);
                    spans.add(traces.start("amqp.publish", NAME, event, message.getMessageProperties()::setHeader));
                    operations.send(exchange, event.type(), message);
                }
                operations.waitForConfirmsOrDie(confirmTimeout.toMillis());
                return null;
            });
        } catch (AmqpException failed) {
            declared = false;
            String error = "RabbitMQ: " + failed.getClass().getSimpleName() + " "
                    + (failed.getMessage() == null ? "" : failed.getMessage());
            spans.forEach(span -> span.end(error));
            throw new Failure(error);
        }
        spans.forEach(span -> span.end(null));
        round.delivered(events.get(events.size() - 1).position());
    }

    static Message message(PublicEvent event) {
        var properties = new MessageProperties();
        properties.setContentType(MessageProperties.CONTENT_TYPE_JSON);
        properties.setContentEncoding("utf-8");
        properties.setDeliveryMode(MessageDeliveryMode.PERSISTENT);
        properties.setMessageId(event.eventId());
        properties.setType(event.type());
        properties.setTimestamp(Date.from(event.occurredAt()));
        properties.setHeader("bankcore-position", event.position());
        properties.setHeader("bankcore-version", PublicEvent.VERSION);
        return new Message(event.bytes(), properties);
    }

    @Override
    public int batchSize() {
        return batchSize;
    }

    @Override
    public Duration backoff(int failures) {
        long ms = 1000L << Math.min(Math.max(failures - 1, 0), 6);
        return Duration.ofMillis(Math.min(ms, 60_000));
    }
}
