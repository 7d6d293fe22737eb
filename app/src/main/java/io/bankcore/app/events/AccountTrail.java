package io.bankcore.app.events;

import io.bankcore.api.Memo;
import io.bankcore.app.security.PrincipalMetadata;
import io.bankcore.query.audit.AccountHistory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.axonframework.serialization.Serializer;
import tools.jackson.databind.node.ObjectNode;

/**
 * An account's events (its audit trail) in the public shape of the feed ({@link PublicEvent}), each
 * with its place in the account's stream ({@code sequence_number}) and who caused it ({@code
 * principal}, null for work nobody asked for, such as an expiry). The payload goes through the event
 * serializer, so {@code data} is built from the same JSON the feed reads from the store.
 * {@code position} comes from this database's event store; under Axon Server it is null.
 */
public class AccountTrail {

    private final Serializer eventSerializer;
    private final EventLog log;

    /** {@code log} null: the events are not in this database (Axon Server). */
    public AccountTrail(Serializer eventSerializer, EventLog log) {
        this.eventSerializer = eventSerializer;
        this.log = log;
    }

    public List<ObjectNode> render(String accountNumber, List<AccountHistory.Entry> entries) {
        Map<Long, Long> positions = entries.isEmpty() || log == null
                ? Map.of()
                : log.positions(
                        accountNumber,
                        entries.get(0).sequenceNumber(),
                        entries.get(entries.size() - 1).sequenceNumber());
        var events = new ArrayList<ObjectNode>(entries.size());
        for (AccountHistory.Entry entry : entries) {
            Long position = positions.get(entry.sequenceNumber());
            byte[] payload =
                    eventSerializer.serialize(entry.payload(), byte[].class).getData();
            var stored = new EventLog.StoredEvent(
                    position == null ? 0 : position,
                    entry.eventId(),
                    accountNumber,
                    entry.sequenceNumber(),
                    entry.eventType(),
                    payload,
                    entry.occurredAt(),
                    Memo.of(entry.metadata()));
            ObjectNode node = PublicEvent.of(stored).node().deepCopy();
            if (position == null) {
                node.putNull("position");
            }
            node.put("sequence_number", entry.sequenceNumber());
            Object principal = entry.metadata().get(PrincipalMetadata.KEY);
            node.put("principal", principal instanceof String client ? client : null);
            events.add(node);
        }
        return events;
    }
}
