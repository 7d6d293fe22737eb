package io.bankcore.app.webhooks;

import io.bankcore.app.events.PublicEvent;
import io.bankcore.app.events.Sink;
import java.time.Duration;
import java.util.List;
import java.util.function.LongConsumer;

/** One webhook endpoint as an event sink: its events, one {@code POST} at a time, in position order. */
final class WebhookSink implements Sink {

    private final String endpointId;
    private final Webhooks webhooks;

    WebhookSink(String endpointId, Webhooks webhooks) {
        this.endpointId = endpointId;
        this.webhooks = webhooks;
    }

    static String name(String endpointId) {
        return "webhook:" + endpointId;
    }

    @Override
    public String name() {
        return name(endpointId);
    }

    @Override
    public String mode() {
        return "webhook";
    }

    @Override
    public boolean active() {
        WebhookStore.Endpoint endpoint = webhooks.cached(endpointId);
        return endpoint != null && endpoint.enabled();
    }

    @Override
    public boolean accepts(PublicEvent event) {
        WebhookStore.Endpoint endpoint = webhooks.cached(endpointId);
        return endpoint != null && endpoint.wants(event.type());
    }

    @Override
    public void deliver(List<PublicEvent> events, int failedAttempts, LongConsumer delivered) throws Failure {
        int attempt = failedAttempts + 1;
        for (PublicEvent event : events) {
            WebhookStore.Endpoint endpoint = webhooks.cached(endpointId);
            if (endpoint == null || !endpoint.enabled()) {
                // Disabled or deleted meanwhile: stop here; the cursor stays before this event.
                throw new Failure("endpoint disabled");
            }
            WebhookStore.Delivery attemptMade = webhooks.attempt(endpoint, event, attempt, false, delivered);
            if (!attemptMade.outcome().equals(Webhooks.DELIVERED)) {
                throw new Failure(attemptMade.error());
            }
            attempt = 1;
        }
    }

    @Override
    public int batchSize() {
        return webhooks.settings().batchSize();
    }

    @Override
    public Duration backoff(int failures) {
        return webhooks.settings().backoff(failures);
    }

    @Override
    public void tooManyFailures(int failures, String lastError) {
        if (failures >= webhooks.settings().maxFailures()) {
            webhooks.disableAfterFailures(endpointId, failures, lastError);
        }
    }
}
