package io.bankcore.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.bankcore.app.support.Http;
import io.bankcore.app.support.LiveProjections;
import io.bankcore.app.support.PostgresDatabase;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /admin/audit} with the projections on streaming processors (the axonserver profile's
 * layout): they catch up after the append, and the audit expects of each read table only the events its
 * processor's tokens are past, as the processors report them. So an event a projection's token passed
 * without its effect (a skipped event) is reported, while a projection merely behind is not. Subclasses
 * choose the event store and the token store.
 */
abstract class StreamingAuditTests {

    abstract PostgresDatabase database();

    @LocalServerPort
    int port;

    @Autowired
    EventProcessingConfiguration processing;

    @Autowired
    EventStore eventStore;

    Http http;

    @BeforeEach
    void client() {
        http = new Http(port);
    }

    private void ok(Http.Response response) {
        assertThat(response.status()).as(response.toString()).isIn(200, 201);
    }

    /** An account opened with 1000, then deposits of 100 (sequence 1) and 50 (sequence 2), and a transfer out. */
    private String account() {
        String number = http.openAccount(1_000);
        ok(http.post("/accounts/" + number + "/deposit", "{\"amount_cents\":100}"));
        ok(http.post("/accounts/" + number + "/deposit", "{\"amount_cents\":50}"));
        return number;
    }

    private List<JsonNode> mismatches() throws InterruptedException {
        awaitCaughtUp();
        var response = http.get("/admin/audit");
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        var list = new ArrayList<JsonNode>();
        response.json().get("mismatches").forEach(list::add);
        return list;
    }

    private void awaitCaughtUp() throws InterruptedException {
        LiveProjections.awaitCaughtUp(processing, eventStore);
    }

    @Test
    void books_audit_clean_once_the_projections_have_caught_up() throws Exception {
        String a = account();
        String b = http.openAccount(0);
        ok(http.post(
                "/transfers",
                "{\"from_account_number\":\"" + a + "\",\"to_account_number\":\"" + b + "\",\"amount_cents\":300}"));
        assertThat(mismatches()).isEmpty();
    }

    @Test
    void a_corrupted_balance_is_exactly_one_mismatch() throws Exception {
        String account = account();
        assertThat(mismatches()).isEmpty();
        String where = " where account_number = '" + account + "'";
        database().execute("update account_balance set balance_minor = 7" + where);
        try {
            List<JsonNode> mismatches = mismatches();
            assertThat(mismatches).as(mismatches.toString()).hasSize(1);
            assertThat(mismatches.get(0).get("what").stringValue()).isEqualTo("balance_minor");
            assertThat(mismatches.get(0).get("expected").longValue()).isEqualTo(1_150);
            assertThat(mismatches.get(0).get("actual").longValue()).isEqualTo(7);
        } finally {
            database().execute("update account_balance set balance_minor = 1150" + where);
        }
        assertThat(mismatches()).isEmpty();
    }

    /**
     * The row and the ledger as if the projection had never applied the last deposit (sequence 2) while
     * its token moved past it: consistent in themselves, so only the token tells.
     */
    @Test
    void an_event_the_projection_skipped_is_reported_though_the_row_is_consistent_in_itself() throws Exception {
        String account = account();
        assertThat(mismatches()).isEmpty();
        String where = " where account_number = '" + account + "'";
        String lastLine = where + " and sequence = 2";
        database().execute("create table skipped_line as select * from ledger_entry" + lastLine);
        try {
            database().execute("delete from ledger_entry" + lastLine);
            database().execute("update account_balance set balance_minor = 1100, last_sequence = 1" + where);

            List<JsonNode> mismatches = mismatches();
            assertThat(mismatches)
                    .as(mismatches.toString())
                    .extracting(m -> m.get("what").stringValue())
                    .containsExactlyInAnyOrder("last_sequence", "balance_minor", "ledger_entry");
            JsonNode sequence = mismatches.stream()
                    .filter(m -> m.get("what").stringValue().equals("last_sequence"))
                    .findFirst()
                    .orElseThrow();
            assertThat(sequence.get("account_number").stringValue()).isEqualTo(account);
            assertThat(sequence.get("expected").longValue()).isEqualTo(2);
            assertThat(sequence.get("actual").longValue()).isEqualTo(1);
        } finally {
            database().execute("insert into ledger_entry select * from skipped_line");
            database().execute("drop table skipped_line");
            database().execute("update account_balance set balance_minor = 1150, last_sequence = 2" + where);
        }
        assertThat(mismatches()).isEmpty();
    }
}
