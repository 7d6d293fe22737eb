package io.bankcore.query.audit;

import io.bankcore.query.AccountProjection;
import io.bankcore.query.TransferProjection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;

/**
 * Which events the projections must have applied by the time the read tables are read. With the
 * projections in the appending transaction: every event the audit reads. On streaming processors: the
 * events every segment's token of the processor ({@code accounts}, {@code transfers}) is past, as this
 * instance's processor reports them ({@link StreamingEventProcessor#processingStatus()}), read before the
 * tables: a position is reported once its batch has committed, so such an event's effect is in the tables.
 * Only an instance that holds all of a processor's segments knows all its tokens; elsewhere none of its
 * events count as covered (they are compared at the projection's own position, as for a projection that
 * is merely behind).
 */
final class Coverage {

    private final boolean all;
    private final List<TrackingToken> accounts;
    private final List<TrackingToken> transfers;

    private Coverage(boolean all, List<TrackingToken> accounts, List<TrackingToken> transfers) {
        this.all = all;
        this.accounts = accounts;
        this.transfers = transfers;
    }

    static Coverage everything() {
        return new Coverage(true, List.of(), List.of());
    }

    static Coverage of(List<TrackingToken> accounts, List<TrackingToken> transfers) {
        return new Coverage(false, List.copyOf(accounts), List.copyOf(transfers));
    }

    /** The processors' positions now. */
    static Coverage read(EventProcessingConfiguration processors) {
        return of(
                tokens(processors, AccountProjection.PROCESSING_GROUP),
                tokens(processors, TransferProjection.PROCESSING_GROUP));
    }

    boolean accounts(long position) {
        return all || covered(accounts, position);
    }

    boolean transfers(long position) {
        return all || covered(transfers, position);
    }

    /** Every segment's token, or none unless this instance holds all of the processor's segments. */
    private static List<TrackingToken> tokens(EventProcessingConfiguration processors, String name) {
        var processor = processors.eventProcessor(name, StreamingEventProcessor.class);
        if (processor.isEmpty()) {
            return List.of();
        }
        Map<Integer, EventTrackerStatus> status = processor.get().processingStatus();
        long share = 0; // in 1/2^30ths of the whole: a segment of mask m covers 2^30 / (m + 1)
        var tokens = new ArrayList<TrackingToken>();
        for (EventTrackerStatus segment : status.values()) {
            if (segment.isErrorState()) {
                return List.of();
            }
            share += (1L << 30) / (segment.getSegment().getMask() + 1L);
            tokens.add(segment.getTrackingToken());
        }
        return share == 1L << 30 ? tokens : List.of();
    }

    /**
     * True when every segment's token is past {@code position} and does not hold it as a gap: the
     * processor must have handled that event. False without tokens.
     */
    static boolean covered(List<TrackingToken> tokens, long position) {
        if (tokens.isEmpty()) {
            return false;
        }
        for (TrackingToken token : tokens) {
            if (!covers(token, position)) {
                return false;
            }
        }
        return true;
    }

    private static boolean covers(TrackingToken token, long position) {
        if (token == null) {
            return false;
        }
        TrackingToken current = WrappedToken.unwrapLowerBound(token);
        if (current instanceof GapAwareTrackingToken gapAware) {
            return position <= gapAware.getIndex() && !gapAware.getGaps().contains(position);
        }
        return current != null && current.position().orElse(-1L) >= position;
    }
}
