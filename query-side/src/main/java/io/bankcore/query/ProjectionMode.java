package io.bankcore.query;

import java.util.function.BooleanSupplier;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.SubscribingEventProcessor;

/**
 * Where the projections run. On a <em>subscribing</em> processor (the default, with the event store in
 * the read models' database) they write their tables in the very transaction that appends the event:
 * once a command has returned, every read model holds its events, on every instance, and nothing needs
 * to wait. On a streaming processor (the {@code axonserver} profile, where the events live elsewhere)
 * they catch up after the append, and a writer waits for them.
 */
public final class ProjectionMode implements BooleanSupplier {

    private final EventProcessingConfiguration processing;
    private volatile Boolean inTransaction;

    public ProjectionMode(EventProcessingConfiguration processing) {
        this.processing = processing;
    }

    /** A fixed mode, for tests and tools that run the projections by hand. */
    public static ProjectionMode fixed(boolean inTransaction) {
        var mode = new ProjectionMode(null);
        mode.inTransaction = inTransaction;
        return mode;
    }

    /** True when both projections are applied in the appending transaction. */
    public boolean inTransaction() {
        Boolean known = inTransaction;
        if (known == null) {
            // Read on first use: the processors are built after the beans that ask.
            known = subscribing(AccountProjection.PROCESSING_GROUP) && subscribing(TransferProjection.PROCESSING_GROUP);
            inTransaction = known;
        }
        return known;
    }

    @Override
    public boolean getAsBoolean() {
        return inTransaction();
    }

    private boolean subscribing(String group) {
        return processing
                .eventProcessor(group)
                .map(SubscribingEventProcessor.class::isInstance)
                .orElse(false);
    }
}
