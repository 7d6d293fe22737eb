package io.bankcore.app.events;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Pages of public events in position order, optionally of some types only. A page scans at most
 * {@value #MAX_SCAN} stored events, so a rare type never makes one request read the whole store: the
 * {@code next} position then moves past what was scanned even when fewer events matched.
 */
public class EventFeed {

    static final int MAX_SCAN = 10_000;
    private static final int READ_ROWS = 500;

    /** {@code next}: the position to ask {@code after=} next; {@code newest}: the newest stored position. */
    public record Page(List<PublicEvent> events, long next, long newest) {}

    private final EventLog log;

    public EventFeed(EventLog log) {
        this.log = log;
    }

    public EventLog log() {
        return log;
    }

    /** {@code types}: patterns as {@link EventTypes#matches} reads them; empty: every type. */
    public Page page(long after, int limit, Set<String> types) {
        long newest = log.newest();
        var events = new ArrayList<PublicEvent>(Math.min(limit, 100));
        long through = after;
        long last = 0;
        int scanned = 0;
        while (events.size() < limit && scanned < MAX_SCAN) {
            int rows = types.isEmpty() ? limit - events.size() : READ_ROWS;
            EventLog.Batch batch = log.after(through, rows);
            for (EventLog.StoredEvent stored : batch.events()) {
                PublicEvent event = PublicEvent.of(stored);
                scanned++;
                if (EventTypes.matches(types, event.type())) {
                    events.add(event);
                    last = event.position();
                    if (events.size() == limit) {
                        through = event.position();
                        break;
                    }
                }
                through = event.position();
            }
            if (events.size() == limit || batch.heldBack() || batch.events().size() < rows) {
                break;
            }
        }
        return new Page(List.copyOf(events), through, Math.max(newest, last));
    }
}
