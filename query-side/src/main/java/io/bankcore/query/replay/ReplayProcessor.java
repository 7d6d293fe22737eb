package io.bankcore.query.replay;

import io.bankcore.query.tables.JdbcReadTables;
import io.bankcore.query.tables.ReadTables;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventMessageHandler;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.messaging.StreamableMessageSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The replay's own streaming processor, {@value #NAME}: the two projections' handlers writing to the new
 * tables ({@link ReadTables#NEXT}), reading the event store through Axon (any store: the database's, Axon
 * Server). It never starts by itself; a replay resets its tokens to the start of the store and starts it
 * on the instance that runs the replay, and stops it at the switch. No other instance ever starts it, so
 * none holds a claim on it, and the live processors ({@code accounts}, {@code transfers}) go on
 * untouched on every instance meanwhile.
 */
public final class ReplayProcessor {

    public static final String NAME = "replay";

    private final Supplier<JdbcTemplate> jdbc;
    private final AtomicLong handled = new AtomicLong();
    private final int batchSize;

    /** @param jdbc the read models' database (asked for when the processor is built) */
    public ReplayProcessor(Supplier<JdbcTemplate> jdbc, int batchSize) {
        this.jdbc = jdbc;
        this.batchSize = batchSize;
    }

    /** Declares the processor and its handler; to be called while Axon is being configured. */
    public void register(EventProcessingConfigurer processing) {
        processing.registerTrackingEventProcessor(
                NAME,
                org.axonframework.config.Configuration::eventStore,
                c -> TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                        .andBatchSize(batchSize)
                        // Waits for new events this long at most: stopping it at the switch, while the live
                        // tables' writers are held, waits for that wait to end.
                        .andEventAvailabilityTimeout(50, TimeUnit.MILLISECONDS)
                        .andInitialTrackingToken(StreamableMessageSource::createTailToken)
                        .andAutoStart(false));
        processing.registerEventHandler(c -> new Handler());
        processing.assignHandlerInstancesMatching(NAME, Integer.MAX_VALUE, Handler.class::isInstance);
        processing.registerListenerInvocationErrorHandler(NAME, c -> PropagatingErrorHandler.instance());
    }

    /** Events handled since the count was last reset. */
    long handled() {
        return handled.get();
    }

    void resetCount() {
        handled.set(0);
    }

    private final class Handler implements EventMessageHandler {

        private volatile ReplayHandlers handlers;

        @Override
        public Object handle(EventMessage<?> event) throws Exception {
            ReplayHandlers known = handlers;
            if (known == null) {
                var tables = new JdbcReadTables(jdbc.get(), ReadTables.NEXT);
                known = ReplayHandlers.on(tables, tables);
                handlers = known;
            }
            known.apply(event);
            handled.incrementAndGet();
            return null;
        }

        @Override
        public boolean canHandle(EventMessage<?> event) {
            return true;
        }
    }
}
