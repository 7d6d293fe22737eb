package io.bankcore.app.support;

import io.bankcore.query.AccountProjection;
import io.bankcore.query.TransferProjection;
import java.time.Duration;
import java.util.List;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStore;

/** The live projections on streaming processors, as this instance's processors report them. */
public final class LiveProjections {

    private LiveProjections() {}

    /** Until every segment of both projections is at the store's head (taken now), at most 20 s. */
    public static void awaitCaughtUp(EventProcessingConfiguration processing, EventStore eventStore)
            throws InterruptedException {
        var headToken = eventStore.createHeadToken();
        long head = headToken == null ? -1 : headToken.position().orElseThrow();
        Await.await("the projections at the head " + head, Duration.ofSeconds(20), () -> {
            for (String name : List.of(AccountProjection.PROCESSING_GROUP, TransferProjection.PROCESSING_GROUP)) {
                var status = processing
                        .eventProcessor(name, StreamingEventProcessor.class)
                        .orElseThrow()
                        .processingStatus();
                if (status.isEmpty()
                        || !status.values().stream()
                                .map(EventTrackerStatus::getCurrentPosition)
                                .allMatch(p -> p.isPresent() && p.getAsLong() >= head)) {
                    return false;
                }
            }
            return true;
        });
    }
}
