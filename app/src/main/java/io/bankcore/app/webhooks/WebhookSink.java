package io.bankcore.app.webhooks;

import io.bankcore.app.events.PublicEvent;
import io.bankcore.app.events.Sink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One webhook endpoint as an event sink: its events, one {@code POST} at a time, in position order; the
 * round's attempts are logged in the transaction that moves the cursor past the delivered ones.
 */
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
        return "WEBHOOK";
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
    public void deliver(List<PublicEvent> events, int failedAttempts, Round round) throws Failure {
        int attempt = failedAttempts + 1;
        var attempts = new ArrayList<WebhookStore.Delivery>(events.size());
        round.onCommit(() -> webhooks.record(attempts));
        var traces = webhooks.tracing().round(events);
        for (PublicEvent event : events) {
            WebhookStore.Endpoint endpoint = webhooks.cached(endpointId);
            if (endpoint == null || !endpoint.enabled()) {
                // Disabled or deleted meanwhile: stop here; the cursor stays before this event.
                throw new Failure("endpoint disabled");
            }
            if (round.overtime()) {
                return;
            }
            WebhookStore.Delivery made = webhooks.attempt(endpoint, event, attempt, false, traces);
            attempts.add(made);
            if (!made.outcome().equals(Webhooks.DELIVERED)) {
                throw new Failure(made.error());
            }
            round.delivered(event.position());
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
