package io.bankcore.app.support;

import java.util.Arrays;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The processor layout of the {@code axonserver} profile, without Axon Server: the projections and the
 * saga on tracking processors, which catch up after the append. Tests of what only streaming
 * processors have (tokens, segments, lag, claims shared between instances, the saga's steps in
 * transactions of their own, the deadline that resends them) run with these settings.
 */
public final class StreamingProcessors {

    private StreamingProcessors() {}

    /** As Spring properties ({@code key=value}). */
    public static final String[] PROPERTIES = {
        "axon.eventhandling.processors.accounts.mode=tracking",
        "axon.eventhandling.processors.accounts.thread-count=2",
        "axon.eventhandling.processors.accounts.initial-segment-count=2",
        "axon.eventhandling.processors.accounts.batch-size=50",
        "axon.eventhandling.processors.transfers.mode=tracking",
        "axon.eventhandling.processors.transfers.thread-count=1",
        "axon.eventhandling.processors.transfers.initial-segment-count=1",
        "axon.eventhandling.processors.transfers.batch-size=50",
        "axon.eventhandling.processors.TransferSagaProcessor.mode=tracking",
        "axon.eventhandling.processors.TransferSagaProcessor.thread-count=2",
        "axon.eventhandling.processors.TransferSagaProcessor.initial-segment-count=2",
        "axon.eventhandling.processors.TransferSagaProcessor.batch-size=20",
        "axon.eventhandling.processors.PendingTransferSagaProcessor.mode=tracking"
    };

    /** Into a Spring test context (from a {@code @DynamicPropertySource} method). */
    public static void register(DynamicPropertyRegistry registry) {
        for (String property : PROPERTIES) {
            int equals = property.indexOf('=');
            registry.add(property.substring(0, equals), () -> property.substring(equals + 1));
        }
    }

    /** As command-line arguments, for child processes and in-process instances. */
    public static String[] args(String... more) {
        var all = Arrays.copyOf(
                Arrays.stream(PROPERTIES).map(p -> "--" + p).toArray(String[]::new), PROPERTIES.length + more.length);
        System.arraycopy(more, 0, all, PROPERTIES.length, more.length);
        return all;
    }
}
