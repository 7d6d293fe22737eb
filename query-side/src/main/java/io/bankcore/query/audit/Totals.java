package io.bankcore.query.audit;

import io.bankcore.query.audit.LedgerAudit.Money;
import io.bankcore.query.audit.LedgerAudit.Reserved;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The totals per currency. Money, from the events alone: the final balances plus the money in flight
 * (debited, not yet credited or refunded) must equal the opening balances + deposits - withdrawals; the
 * read table's total is shown beside it. Reservations: the accounts' reserved totals must add up to the
 * open reservations' amounts; the read table's total is shown beside them.
 */
final class Totals {

    private final Map<String, Long> balances;
    private final Map<String, Long> reservedInTable;

    private Totals(Map<String, Long> balances, Map<String, Long> reservedInTable) {
        this.balances = balances;
        this.reservedInTable = reservedInTable;
    }

    /** The read table's sums, in the audit's snapshot. */
    static Totals read(Connection connection) throws SQLException {
        var balances = new TreeMap<String, Long>();
        var reserved = new TreeMap<String, Long>();
        try (var query = connection.prepareStatement(
                        "SELECT currency, SUM(balance_minor), SUM(reserved_minor) FROM account_balance GROUP BY currency");
                ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                balances.put(rs.getString(1), rs.getLong(2));
                reserved.put(rs.getString(1), rs.getLong(3));
            }
        }
        return new Totals(balances, reserved);
    }

    Map<String, Money> money(Books books) {
        var folded = new TreeMap<String, Long>();
        for (AccountFold a : books.accounts().values()) {
            if (a.currency != null) {
                folded.merge(a.currency, a.balance, Long::sum);
            }
        }
        var inFlight = new TreeMap<String, Long>();
        for (TransferFold t : books.transfers().folds()) {
            if (t.debited != null && t.credited == null && t.refunded == null) {
                AccountFold from = books.accounts().get(t.debitAccount);
                if (from != null && from.currency != null) {
                    inFlight.merge(from.currency, t.debited, Long::sum);
                }
            }
        }
        Map<String, Long> opened = books.openedPerCurrency();
        Set<String> currencies = new TreeSet<>(opened.keySet());
        currencies.addAll(balances.keySet());
        var money = new LinkedHashMap<String, Money>();
        for (String currency : currencies) {
            long expected = opened.getOrDefault(currency, 0L);
            long flying = inFlight.getOrDefault(currency, 0L);
            long events = folded.getOrDefault(currency, 0L);
            if (events + flying != expected) {
                books.mismatch(null, "money conservation in the events (" + currency + ")", expected, events + flying);
            }
            money.put(currency, new Money(expected, balances.getOrDefault(currency, 0L), flying));
        }
        return money;
    }

    Map<String, Reserved> reserved(Books books) {
        var open = new TreeMap<String, Long>();
        var count = new TreeMap<String, Integer>();
        for (TransferFold t : books.transfers().folds()) {
            if (t.pending() && t.ends.isEmpty()) {
                open.merge(t.currency, t.reserved, Long::sum);
                count.merge(t.currency, 1, Integer::sum);
            }
        }
        var held = new TreeMap<String, Long>();
        for (AccountFold a : books.accounts().values()) {
            if (a.currency != null && a.reserved != 0) {
                held.merge(a.currency, a.reserved, Long::sum);
            }
        }
        Set<String> currencies = new TreeSet<>(open.keySet());
        currencies.addAll(held.keySet());
        var reserved = new LinkedHashMap<String, Reserved>();
        for (String currency : currencies) {
            long expected = open.getOrDefault(currency, 0L);
            long holds = held.getOrDefault(currency, 0L);
            if (holds != expected) {
                books.mismatch(
                        null, "reserved by the accounts vs open reservations (" + currency + ")", expected, holds);
            }
            reserved.put(
                    currency,
                    new Reserved(
                            count.getOrDefault(currency, 0), expected, reservedInTable.getOrDefault(currency, 0L)));
        }
        return reserved;
    }
}
