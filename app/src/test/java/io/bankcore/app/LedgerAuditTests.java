package io.bankcore.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.bankcore.app.support.Http;
import io.bankcore.app.support.PostgresDatabase;
import io.bankcore.app.support.Reservations;
import io.bankcore.app.support.Reservations.Books;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /admin/audit}: clean books audit clean, also with reservations (posted in part, voided,
 * expired, open) and frozen and closed accounts; a corrupted balance, a deleted ledger line, an emptied
 * ledger table, a changed reserved amount, account status or transfer status are reported exactly. The
 * read models are in PostgreSQL; subclasses choose the event store (the database's event table, or one
 * that is not a table at all). The tests share one database, so each corruption is undone by the test
 * that made it, leaving the books clean for the others.
 */
abstract class LedgerAuditTests {

    /** The class's database. */
    abstract PostgresDatabase database();

    /** How many events the store holds, read from the store itself rather than through the audit. */
    abstract long storedEvents() throws SQLException;

    @LocalServerPort
    int port;

    Http http;

    @BeforeEach
    void client() {
        http = new Http(port);
    }

    // ---- helpers -------------------------------------------------------------------------------

    private String open(long initialBalance) {
        return http.openAccount(initialBalance);
    }

    private void post(String path, String body) {
        var response = http.post(path, body);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
    }

    private void deposit(String number, long amount) {
        post("/accounts/" + number + "/deposit", "{\"amount_cents\":" + amount + "}");
    }

    private void withdraw(String number, long amount) {
        post("/accounts/" + number + "/withdraw", "{\"amount_cents\":" + amount + "}");
    }

    private void transfer(String from, String to, long amount) {
        post(
                "/transfers",
                "{\"from_account_number\":\"" + from + "\",\"to_account_number\":\"" + to + "\",\"amount_cents\":"
                        + amount + "}");
    }

    /** Three accounts with deposits, withdrawals and transfers: 13 account events, 2 x 2 transfer events. */
    List<String> books() {
        String a = open(10_000);
        String b = open(0);
        String c = open(500);
        deposit(a, 250);
        deposit(b, 1_000);
        withdraw(a, 100);
        withdraw(c, 500);
        transfer(a, b, 700);
        transfer(b, c, 300);
        deposit(c, 1);
        return List.of(a, b, c);
    }

    JsonNode audit() {
        var response = http.get("/admin/audit");
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    static List<JsonNode> mismatches(JsonNode report) {
        var list = new ArrayList<JsonNode>();
        report.get("mismatches").forEach(list::add);
        return list;
    }

    private static JsonNode only(List<JsonNode> mismatches) {
        assertThat(mismatches).as(mismatches.toString()).hasSize(1);
        return mismatches.get(0);
    }

    long count(String sql) throws SQLException {
        return database().queryLong(sql);
    }

    int update(String sql) throws SQLException {
        return database().execute(sql);
    }

    // ---- tests ---------------------------------------------------------------------------------

    @Test
    void clean_books_audit_clean_and_every_account_and_event_is_counted() throws SQLException {
        JsonNode before = audit();
        books();
        JsonNode report = audit();

        assertThat(mismatches(report)).as(report.toString()).isEmpty();
        assertThat(report.get("accounts_checked").longValue()
                        - before.get("accounts_checked").longValue())
                .isEqualTo(3);
        // 3 opened, 3 deposits, 2 withdrawals, 2 x (debit + credit) on accounts; 2 x (requested + completed)
        assertThat(report.get("events_checked").longValue()
                        - before.get("events_checked").longValue())
                .isEqualTo(3 + 3 + 2 + 4 + 4);
        assertThat(report.get("events_checked").longValue()).isEqualTo(storedEvents());
        assertThat(report.get("accounts_checked").longValue()).isEqualTo(count("select count(*) from account_balance"));
        assertThat(report.get("pending_transfers").intValue()).isZero();
        JsonNode brl = report.get("money_per_currency").get("BRL");
        assertThat(brl.get("expected_cents").longValue())
                .isEqualTo(brl.get("actual_cents").longValue());
        assertThat(brl.get("actual_cents").longValue())
                .isEqualTo(count("select sum(balance_minor) from account_balance"));
        assertThat(report.get("gaps").isArray()).isTrue();
        assertThat(report.get("duration_ms").longValue()).isNotNegative();
        System.out.printf(
                "audit: %d accounts, %d events in %d ms%n",
                report.get("accounts_checked").longValue(),
                report.get("events_checked").longValue(),
                report.get("duration_ms").longValue());
    }

    @Test
    void a_corrupted_balance_is_exactly_one_mismatch() throws SQLException {
        String account = books().get(1); // 0 + 1000 + 700 - 300
        assertThat(mismatches(audit())).isEmpty();
        assertThat(update("update account_balance set balance_minor = 999 where account_number = '" + account + "'"))
                .isEqualTo(1);
        try {
            List<JsonNode> mismatches = mismatches(audit());
            assertThat(mismatches).as(mismatches.toString()).hasSize(1);
            JsonNode mismatch = mismatches.get(0);
            assertThat(mismatch.get("account_number").stringValue()).isEqualTo(account);
            assertThat(mismatch.get("what").stringValue()).isEqualTo("balance_minor");
            assertThat(mismatch.get("expected").longValue()).isEqualTo(1_400);
            assertThat(mismatch.get("actual").longValue()).isEqualTo(999);
        } finally {
            update("update account_balance set balance_minor = 1400 where account_number = '" + account + "'");
        }
        assertThat(mismatches(audit())).isEmpty();
    }

    @Test
    void a_deleted_ledger_line_is_exactly_one_mismatch() throws SQLException {
        String account = books().get(0);
        String where = " where account_number = '" + account + "' and entry_type = 'WITHDRAWAL'";
        String entryId;
        try (var connection = database().connect();
                var statement = connection.createStatement();
                var rows = statement.executeQuery("select entry_id from ledger_entry" + where)) {
            assertThat(rows.next()).isTrue();
            entryId = rows.getString(1);
        }
        update("create table ledger_entry_saved as select * from ledger_entry" + where);
        try {
            assertThat(update("delete from ledger_entry" + where)).isEqualTo(1);
            List<JsonNode> mismatches = mismatches(audit());
            assertThat(mismatches).as(mismatches.toString()).hasSize(1);
            JsonNode mismatch = mismatches.get(0);
            assertThat(mismatch.get("account_number").stringValue()).isEqualTo(account);
            assertThat(mismatch.get("what").stringValue()).isEqualTo("ledger_entry");
            // opened 10000, deposit 250, withdrawal 100, transfer out 700
            assertThat(mismatch.get("expected").get("count").longValue()).isEqualTo(4);
            assertThat(mismatch.get("actual").get("count").longValue()).isEqualTo(3);
            assertThat(mismatch.get("expected")
                            .get("sum_by_type")
                            .get("WITHDRAWAL")
                            .longValue())
                    .isEqualTo(100);
            assertThat(mismatch.get("actual").get("sum_by_type").has("WITHDRAWAL"))
                    .isFalse();
            assertThat(mismatch.get("actual").get("missing_entry_ids").toString())
                    .isEqualTo("[\"" + entryId + "\"]");
            assertThat(mismatch.get("actual").get("extra_entry_ids").isEmpty()).isTrue();
        } finally {
            update("insert into ledger_entry select * from ledger_entry_saved");
            update("drop table ledger_entry_saved");
        }
        assertThat(mismatches(audit())).isEmpty();
    }

    @Test
    void an_emptied_ledger_table_is_one_mismatch_per_account_with_entries() throws SQLException {
        books();
        assertThat(mismatches(audit())).isEmpty();
        Set<String> withEntries = new TreeSet<>();
        try (var connection = database().connect();
                var statement = connection.createStatement();
                var rows = statement.executeQuery("select distinct account_number from ledger_entry")) {
            while (rows.next()) {
                withEntries.add(rows.getString(1));
            }
        }
        update("create table ledger_entry_all as select * from ledger_entry");
        try {
            update("delete from ledger_entry");
            List<JsonNode> mismatches = mismatches(audit());
            assertThat(mismatches).as(mismatches.toString()).hasSize(withEntries.size());
            Set<String> reported = new TreeSet<>();
            for (JsonNode mismatch : mismatches) {
                assertThat(mismatch.get("what").stringValue()).isEqualTo("ledger_entry");
                assertThat(mismatch.get("actual").get("count").longValue()).isZero();
                reported.add(mismatch.get("account_number").stringValue());
            }
            assertThat(reported).isEqualTo(withEntries);
        } finally {
            update("insert into ledger_entry select * from ledger_entry_all");
            update("drop table ledger_entry_all");
        }
        assertThat(mismatches(audit())).isEmpty();
    }

    @Test
    void a_transfer_row_with_the_wrong_status_is_reported() throws SQLException {
        List<String> accounts = books();
        String transferId;
        try (var connection = database().connect();
                var statement = connection.createStatement();
                var rows = statement.executeQuery(
                        "select transfer_id from transfer where from_account_number = '" + accounts.get(0) + "'")) {
            assertThat(rows.next()).isTrue();
            transferId = rows.getString(1);
        }
        update("update transfer set status = 'FAILED' where transfer_id = '" + transferId + "'");
        try {
            List<JsonNode> mismatches = mismatches(audit());
            assertThat(mismatches).as(mismatches.toString()).hasSize(1);
            assertThat(mismatches.get(0).get("what").stringValue()).isEqualTo("transfer " + transferId + ": status");
            assertThat(mismatches.get(0).get("expected").stringValue()).isEqualTo("COMPLETED");
            assertThat(mismatches.get(0).get("actual").stringValue()).isEqualTo("FAILED");
        } finally {
            update("update transfer set status = 'COMPLETED' where transfer_id = '" + transferId + "'");
        }
    }

    // ---- reservations and the account lifecycle ---------------------------------------------------

    private static long reserved(JsonNode report) {
        JsonNode brl = report.get("reserved_per_currency").get("BRL");
        return brl == null ? 0 : brl.get("expected_cents").longValue();
    }

    @Test
    void reservations_posted_in_part_voided_expired_and_open_and_frozen_and_closed_accounts_audit_clean()
            throws Exception {
        JsonNode before = audit();
        Books books = new Reservations(http).books();
        JsonNode report = audit();

        assertThat(mismatches(report)).as(report.toString()).isEmpty();
        assertThat(report.get("events_checked").longValue()
                        - before.get("events_checked").longValue())
                .isEqualTo(Books.EVENTS);
        assertThat(report.get("accounts_checked").longValue()
                        - before.get("accounts_checked").longValue())
                .isEqualTo(4);
        // The open reservation is not a saga in flight: it has its own count and total.
        assertThat(report.get("pending_transfers").intValue()).isZero();
        assertThat(report.get("open_reservations").intValue()
                        - before.get("open_reservations").intValue())
                .isEqualTo(1);
        assertThat(reserved(report) - reserved(before)).isEqualTo(Books.A_RESERVED);
        JsonNode brlReserved = report.get("reserved_per_currency").get("BRL");
        assertThat(brlReserved.get("actual_cents").longValue())
                .isEqualTo(brlReserved.get("expected_cents").longValue())
                .isEqualTo(count("select sum(reserved_minor) from account_balance"));
        assertThat(brlReserved.get("reservations").intValue())
                .isEqualTo(report.get("open_reservations").intValue())
                .isEqualTo((int) count("select count(*) from transfer where status = 'RESERVED'"));
        // A reservation moves nothing until posted; a post moves its amount in one transaction.
        JsonNode brl = report.get("money_per_currency").get("BRL");
        assertThat(brl.get("expected_cents").longValue())
                .isEqualTo(brl.get("actual_cents").longValue());
        assertThat(brl.get("in_flight_cents").longValue()).isZero();
        assertThat(count("select balance_minor from account_balance where account_number = '" + books.a() + "'"))
                .isEqualTo(Books.A_BALANCE);
        assertThat(count("select count(*) from account_balance where account_number = '" + books.d()
                        + "' and status = 'CLOSED' and frozen_direction is null"))
                .isEqualTo(1);
        assertThat(count("select count(*) from account_balance where account_number = '" + books.b()
                        + "' and status = 'FROZEN' and frozen_direction = 'CREDITS'"))
                .isEqualTo(1);
        // The posted amount is one TRANSFER_OUT line of the source, the reservations no line at all.
        assertThat(count("select count(*) from ledger_entry where account_number = '" + books.a() + "'"))
                .isEqualTo(2);
        assertThat(count("select amount_minor from ledger_entry where account_number = '" + books.a()
                        + "' and entry_type = 'TRANSFER_OUT' and correlation_id = '" + books.posted() + "'"))
                .isEqualTo(1_200);
    }

    @Test
    void a_changed_reserved_amount_is_exactly_one_mismatch() throws Exception {
        Books books = new Reservations(http).books();
        assertThat(mismatches(audit())).isEmpty();
        String where = " where account_number = '" + books.a() + "'";
        assertThat(update("update account_balance set reserved_minor = 0" + where))
                .isEqualTo(1);
        try {
            JsonNode report = audit();
            JsonNode mismatch = only(mismatches(report));
            assertThat(mismatch.get("account_number").stringValue()).isEqualTo(books.a());
            assertThat(mismatch.get("what").stringValue()).isEqualTo("reserved_minor");
            assertThat(mismatch.get("expected").longValue()).isEqualTo(Books.A_RESERVED);
            assertThat(mismatch.get("actual").longValue()).isZero();
            JsonNode brl = report.get("reserved_per_currency").get("BRL");
            assertThat(brl.get("expected_cents").longValue()
                            - brl.get("actual_cents").longValue())
                    .isEqualTo(Books.A_RESERVED);
        } finally {
            update("update account_balance set reserved_minor = " + Books.A_RESERVED + where);
        }
        assertThat(mismatches(audit())).isEmpty();
    }

    @Test
    void a_changed_account_status_or_freeze_direction_is_reported() throws Exception {
        Books books = new Reservations(http).books();
        assertThat(mismatches(audit())).isEmpty();
        String frozen = " where account_number = '" + books.b() + "'";
        String closed = " where account_number = '" + books.d() + "'";
        update("update account_balance set status = 'ACTIVE'" + closed);
        try {
            JsonNode mismatch = only(mismatches(audit()));
            assertThat(mismatch.get("account_number").stringValue()).isEqualTo(books.d());
            assertThat(mismatch.get("what").stringValue()).isEqualTo("status");
            assertThat(mismatch.get("expected").stringValue()).isEqualTo("CLOSED");
            assertThat(mismatch.get("actual").stringValue()).isEqualTo("ACTIVE");
        } finally {
            update("update account_balance set status = 'CLOSED'" + closed);
        }
        update("update account_balance set frozen_direction = 'ALL'" + frozen);
        try {
            JsonNode mismatch = only(mismatches(audit()));
            assertThat(mismatch.get("account_number").stringValue()).isEqualTo(books.b());
            assertThat(mismatch.get("what").stringValue()).isEqualTo("frozen_direction");
            assertThat(mismatch.get("expected").stringValue()).isEqualTo("CREDITS");
            assertThat(mismatch.get("actual").stringValue()).isEqualTo("ALL");
        } finally {
            update("update account_balance set frozen_direction = 'CREDITS'" + frozen);
        }
        // Unfrozen in the table alone: status, direction and reason all differ from the events.
        update("update account_balance set status = 'ACTIVE', frozen_direction = null, freeze_reason = null" + frozen);
        try {
            List<JsonNode> mismatches = mismatches(audit());
            assertThat(mismatches)
                    .as(mismatches.toString())
                    .extracting(m -> m.get("what").stringValue())
                    .containsExactlyInAnyOrder("status", "frozen_direction", "freeze_reason");
            assertThat(mismatches)
                    .allMatch(m -> m.get("account_number").stringValue().equals(books.b()));
        } finally {
            update("update account_balance set status = 'FROZEN', frozen_direction = 'CREDITS',"
                    + " freeze_reason = 'court order'" + frozen);
        }
        assertThat(mismatches(audit())).isEmpty();
    }

    @Test
    void a_changed_pending_transfer_status_or_posted_amount_is_reported() throws Exception {
        Books books = new Reservations(http).books();
        assertThat(mismatches(audit())).isEmpty();
        for (String[] change : new String[][] {
            {books.voided(), "VOIDED", "EXPIRED"},
            {books.expired(), "EXPIRED", "VOIDED"},
            {books.open(), "RESERVED", "COMPLETED"},
            {books.posted(), "COMPLETED", "RESERVED"}
        }) {
            String where = " where transfer_id = '" + change[0] + "'";
            assertThat(update("update transfer set status = '" + change[2] + "'" + where))
                    .isEqualTo(1);
            try {
                JsonNode mismatch = only(mismatches(audit()));
                assertThat(mismatch.get("account_number").stringValue()).isEqualTo(books.a());
                assertThat(mismatch.get("what").stringValue()).isEqualTo("transfer " + change[0] + ": status");
                assertThat(mismatch.get("expected").stringValue()).isEqualTo(change[1]);
                assertThat(mismatch.get("actual").stringValue()).isEqualTo(change[2]);
            } finally {
                update("update transfer set status = '" + change[1] + "'" + where);
            }
        }
        String posted = " where transfer_id = '" + books.posted() + "'";
        update("update transfer set posted_amount_minor = 3000" + posted);
        try {
            JsonNode mismatch = only(mismatches(audit()));
            assertThat(mismatch.get("what").stringValue())
                    .isEqualTo("transfer " + books.posted() + ": posted_amount_minor");
            assertThat(mismatch.get("expected").longValue()).isEqualTo(1_200);
            assertThat(mismatch.get("actual").longValue()).isEqualTo(3_000);
        } finally {
            update("update transfer set posted_amount_minor = 1200" + posted);
        }
        assertThat(mismatches(audit())).isEmpty();
    }

    @Test
    void admin_routes_have_their_own_openapi_group_and_openapi_json_keeps_the_public_routes() {
        JsonNode all = http.get("/openapi.json").json();
        assertThat(all.get("paths").has("/accounts"))
                .as(all.get("paths").toString())
                .isTrue();
        assertThat(all.get("paths").has("/transfers")).isTrue();
        assertThat(all.get("paths").has("/accounts/{accountNumber}/events")).isTrue();
        assertThat(all.get("paths").has("/admin/audit")).isFalse();

        var admin = http.get("/openapi.json/admin");
        assertThat(admin.status()).as(admin.toString()).isEqualTo(200);
        assertThat(admin.json().get("paths").propertyNames())
                .contains(
                        "/admin/audit",
                        "/admin/replay",
                        "/admin/replay/{replayId}",
                        "/admin/processors",
                        "/admin/stats")
                .allMatch(path -> path.startsWith("/admin/"));

        var pub = http.get("/openapi.json/public");
        assertThat(pub.status()).as(pub.toString()).isEqualTo(200);
        assertThat(pub.json().get("paths").has("/accounts")).isTrue();
        assertThat(pub.json().get("paths").propertyNames()).noneMatch(path -> path.startsWith("/admin"));
    }
}
