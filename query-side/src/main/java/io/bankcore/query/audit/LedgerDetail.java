package io.bankcore.query.audit;

import io.bankcore.api.Memo;
import io.bankcore.query.audit.LedgerAudit.Mismatch;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;

/**
 * Names the entries of an account whose ledger differs from its events: its stream read again from
 * sequence 0 through the event store ({@link EventStore#readEvents(String, long)}, never from a
 * snapshot), and its {@code ledger_entry} rows, both for this one account only.
 */
final class LedgerDetail {

    private final EventStore eventStore;
    private final Connection connection;

    LedgerDetail(EventStore eventStore, Connection connection) {
        this.eventStore = eventStore;
        this.connection = connection;
    }

    /** The report's mismatch: the counts and sums per type, and the missing, extra and different entry ids. */
    Mismatch mismatch(String accountNumber, long position, LedgerDigest expected, LedgerDigest actual) {
        Map<String, Line> expectedLines = expectedLines(accountNumber, position);
        Map<String, Line> actualLines = actualLines(accountNumber);
        var missing = new TreeSet<String>();
        var different = new TreeSet<String>();
        var extra = new TreeSet<String>();
        expectedLines.forEach((id, line) -> {
            Line found = actualLines.get(id);
            if (found == null) {
                missing.add(id);
            } else if (!found.equals(line)) {
                different.add(id);
            }
        });
        for (String id : actualLines.keySet()) {
            if (!expectedLines.containsKey(id)) {
                extra.add(id);
            }
        }
        var actualSummary = actual.summary();
        actualSummary.put("missing_entry_ids", List.copyOf(missing));
        actualSummary.put("extra_entry_ids", List.copyOf(extra));
        actualSummary.put("different_entry_ids", List.copyOf(different));
        return new Mismatch(accountNumber, "ledger_entry", expected.summary(), actualSummary);
    }

    private Map<String, Line> expectedLines(String accountNumber, long position) {
        var lines = new HashMap<String, Line>();
        if (position < 0) {
            return lines;
        }
        DomainEventStream stream = eventStore.readEvents(accountNumber, 0L);
        while (stream.hasNext()) {
            DomainEventMessage<?> event = stream.next();
            if (event.getSequenceNumber() > position) {
                break;
            }
            Line line = Line.of(event.getPayload(), Memo.of(event.getMetaData()), event.getSequenceNumber());
            if (line != null) {
                lines.put(event.getIdentifier(), line);
            }
        }
        return lines;
    }

    private Map<String, Line> actualLines(String accountNumber) {
        var lines = new HashMap<String, Line>();
        try (var query = connection.prepareStatement("SELECT entry_id, sequence, entry_type, amount_minor, currency,"
                + " description, metadata, batch_id FROM ledger_entry WHERE account_number = ?")) {
            query.setString(1, accountNumber);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    lines.put(rs.getString(1), AccountCheck.line(rs));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("audit failed reading the ledger of " + accountNumber, e);
        }
        return lines;
    }
}
