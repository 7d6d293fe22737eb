package io.bankcore.app.ops;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * The numbers of the operations dashboard, read with plain JDBC from the event store and the read
 * tables: the event store's head, the event rate, transfers by status, sagas in flight, accounts and
 * money per currency. Every query is an index lookup or a small aggregate, cheap enough to run every
 * couple of seconds.
 *
 * <p>The event rate counts the events of the last {@link #WINDOW} by their {@code time_stamp} (an
 * ISO-8601 string in Axon's schema, not indexed). Rather than scanning the table, it walks back from
 * the head by {@code global_index} (the primary key): doubling steps until an event older than the
 * window, then a binary search for the first event inside it, then a count of the index range from
 * there. That is a few dozen index probes whatever the size of the store. It assumes that
 * {@code time_stamp} grows with {@code global_index}; both are set when an event is appended, so the
 * boundary is exact to within the few milliseconds an append takes.
 */
public class OpsStatistics {

    /** The span the event rate is averaged over. */
    public static final Duration WINDOW = Duration.ofSeconds(60);

    /** The transfer statuses the {@code transfer} table holds, always reported (zero when absent). */
    static final List<String> TRANSFER_STATUSES =
            List.of("PENDING", "COMPLETED", "FAILED", "RESERVED", "VOIDED", "EXPIRED");

    /** The newest event: its position and when it was appended. */
    public record Head(long globalIndex, Instant timestamp) {}

    /** Events appended within the last {@code window}, and that count per second. */
    public record EventRate(long events, Duration window, double perSecond, int probes) {}

    /** One currency: how many accounts hold it and the sum of their balances (minor units). */
    public record Money(long accounts, BigInteger balanceMinor) {}

    /** One currency's open reservations (transfers {@code RESERVED}): how many, and the amount they hold. */
    public record Reserved(long reservations, BigInteger reservedMinor) {}

    /**
     * One reading. {@code head} is null while the event store is empty. {@code transfersByStatus}
     * holds every status of {@link #TRANSFER_STATUSES} plus any other found in the table.
     */
    public record Snapshot(
            Instant readAt,
            Head head,
            EventRate rate,
            Map<String, Long> transfersByStatus,
            long sagasInFlight,
            long accounts,
            Map<String, Money> moneyPerCurrency,
            long frozenAccounts,
            long closedAccounts,
            long openReservations,
            Map<String, Reserved> reservedPerCurrency,
            EventSource eventSource) {}

    /**
     * Where {@code head} and {@code rate} come from ({@link #DATABASE} or {@link #AXON_SERVER}), and
     * whether they could be read this time; when not, both are null and {@code detail} says why.
     */
    public record EventSource(String name, boolean available, String detail) {}

    public static final String DATABASE = "DATABASE";
    public static final String AXON_SERVER = "AXON_SERVER";

    /**
     * The head and rate of an event store other than this database's table (Axon Server's): the head
     * position and the number of events appended since an instant, both from the store itself.
     */
    public interface RemoteEvents {
        /** The newest event's position, or -1 while the store is empty. */
        long headPosition();

        /** How many events were appended after {@code since}, up to {@code head}. */
        long appendedSince(Instant since, long head);
    }

    private record Row(long globalIndex, Instant timestamp) {}

    private final DataSource dataSource;
    private final Clock clock;
    private final RemoteEvents remote;

    public OpsStatistics(DataSource dataSource, Clock clock) {
        this(dataSource, clock, null);
    }

    /** With {@code remote} (may be null), the head and rate come from it instead of {@code domain_event_entry}. */
    public OpsStatistics(DataSource dataSource, Clock clock, RemoteEvents remote) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.remote = remote;
    }

    public Snapshot read() {
        Instant now = clock.instant();
        try (Connection connection = dataSource.getConnection()) {
            connection.setReadOnly(true);
            Head head;
            EventRate rate;
            EventSource source;
            if (remote == null) {
                Row row = latestAtOrBelow(connection, Long.MAX_VALUE);
                rate = rate(connection, row, now);
                head = row == null ? null : new Head(row.globalIndex(), row.timestamp());
                source = new EventSource(DATABASE, true, null);
            } else {
                try {
                    long position = remote.headPosition();
                    long events = position < 0 ? 0 : remote.appendedSince(now.minus(WINDOW), position);
                    head = position < 0 ? null : new Head(position, null);
                    rate = rate(events, 0);
                    source = new EventSource(AXON_SERVER, true, null);
                } catch (RuntimeException unreachable) {
                    head = null;
                    rate = null;
                    source = new EventSource(AXON_SERVER, false, "Axon Server is unavailable: " + unreachable);
                }
            }
            Map<String, Money> money = new TreeMap<>();
            long accounts = 0;
            try (var query = connection.prepareStatement(
                            "select currency, count(*), sum(balance_minor) from account_balance group by currency");
                    var rows = query.executeQuery()) {
                while (rows.next()) {
                    long count = rows.getLong(2);
                    BigDecimal sum = rows.getBigDecimal(3);
                    money.put(rows.getString(1), new Money(count, sum == null ? BigInteger.ZERO : sum.toBigInteger()));
                    accounts += count;
                }
            }
            Map<String, Reserved> reserved = new TreeMap<>();
            long reservations = 0;
            try (var query = connection.prepareStatement("select currency, count(*), sum(amount_minor) from transfer"
                            + " where status = 'RESERVED' group by currency");
                    var rows = query.executeQuery()) {
                while (rows.next()) {
                    long count = rows.getLong(2);
                    BigDecimal sum = rows.getBigDecimal(3);
                    reserved.put(
                            rows.getString(1), new Reserved(count, sum == null ? BigInteger.ZERO : sum.toBigInteger()));
                    reservations += count;
                }
            }
            Map<String, Long> byStatus = accountsByStatus(connection);
            return new Snapshot(
                    now,
                    head,
                    rate,
                    transfersByStatus(connection),
                    count(connection, "select count(*) from saga_entry"),
                    accounts,
                    money,
                    byStatus.getOrDefault("FROZEN", 0L),
                    byStatus.getOrDefault("CLOSED", 0L),
                    reservations,
                    reserved,
                    source);
        } catch (SQLException failure) {
            throw new IllegalStateException("cannot read the operations statistics", failure);
        }
    }

    private EventRate rate(Connection connection, Row head, Instant now) throws SQLException {
        Instant cutoff = now.minus(WINDOW);
        int[] probes = {1}; // the head itself
        if (head == null || !inWindow(head, cutoff)) {
            return rate(0, probes[0]);
        }
        // Invariants: the row at `inside` is in the window; no row at or below `outside` is (global
        // indexes start at 1, so -1 is below them all). First double the step back from the head until
        // a probe lands before the window, then halve the interval between the two.
        long inside = head.globalIndex();
        long outside = -1;
        for (long step = 1; inside - step > outside; step = step > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : step * 2) {
            long target = inside - step;
            Row below = probe(connection, target, probes);
            if (below == null || !inWindow(below, cutoff)) {
                outside = target; // rows in (below, target] do not exist
                break;
            }
            inside = below.globalIndex();
        }
        while (inside - outside > 1) {
            long middle = outside + (inside - outside) / 2;
            Row row = probe(connection, middle, probes);
            if (row != null && row.globalIndex() > outside && inWindow(row, cutoff)) {
                inside = row.globalIndex();
            } else {
                // No row in (row, middle] exists, and the row itself (if any above `outside`) is older.
                outside = middle;
            }
        }
        long events;
        try (var query = connection.prepareStatement(
                "select count(*) from domain_event_entry where global_index >= ? and global_index <= ?")) {
            query.setLong(1, inside);
            query.setLong(2, head.globalIndex());
            events = single(query);
        }
        return rate(events, probes[0] + 1);
    }

    private static EventRate rate(long events, int probes) {
        return new EventRate(events, WINDOW, (double) events / WINDOW.toSeconds(), probes);
    }

    private static boolean inWindow(Row row, Instant cutoff) {
        return row.timestamp().isAfter(cutoff);
    }

    private static Row probe(Connection connection, long atOrBelow, int[] probes) throws SQLException {
        probes[0]++;
        return latestAtOrBelow(connection, atOrBelow);
    }

    /** The event with the highest {@code global_index} not above {@code atOrBelow}, or null. */
    private static Row latestAtOrBelow(Connection connection, long atOrBelow) throws SQLException {
        try (var query = connection.prepareStatement("select global_index, time_stamp from domain_event_entry"
                + " where global_index <= ? order by global_index desc fetch first 1 rows only")) {
            query.setLong(1, atOrBelow);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? new Row(rows.getLong(1), timestamp(rows.getString(2))) : null;
            }
        }
    }

    /** Axon writes {@code 2026-01-12T21:13:49.684Z}; any ISO-8601 instant with an offset is accepted. */
    static Instant timestamp(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeException notInstant) {
            return OffsetDateTime.parse(text).toInstant();
        }
    }

    private static Map<String, Long> transfersByStatus(Connection connection) throws SQLException {
        var byStatus = new LinkedHashMap<String, Long>();
        TRANSFER_STATUSES.forEach(status -> byStatus.put(status, 0L));
        try (var query = connection.prepareStatement("select status, count(*) from transfer group by status");
                var rows = query.executeQuery()) {
            while (rows.next()) {
                byStatus.put(rows.getString(1), rows.getLong(2));
            }
        }
        return byStatus;
    }

    /** Accounts not ACTIVE, by status: few, so only they are counted. */
    private static Map<String, Long> accountsByStatus(Connection connection) throws SQLException {
        var byStatus = new TreeMap<String, Long>();
        try (var query = connection.prepareStatement(
                        "select status, count(*) from account_balance where status <> 'ACTIVE' group by status");
                var rows = query.executeQuery()) {
            while (rows.next()) {
                byStatus.put(rows.getString(1), rows.getLong(2));
            }
        }
        return byStatus;
    }

    private static long count(Connection connection, String sql) throws SQLException {
        try (var query = connection.prepareStatement(sql)) {
            return single(query);
        }
    }

    private static long single(PreparedStatement query) throws SQLException {
        try (ResultSet rows = query.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
