package io.bankcore.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.bankcore.app.support.Http;
import io.bankcore.app.support.Http.Response;
import io.bankcore.app.support.Reservations;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The operations dashboard over a real socket: {@code GET /admin/stats} follows API traffic (also
 * reservations, freezes and closes),
 * {@code GET /admin/audit/last} keeps the latest report, and {@code /ops} serves the page while
 * unknown paths stay JSON 404s. Subclasses run it against each supported database.
 */
abstract class OpsDashboardTests {

    @LocalServerPort
    int port;

    Http http;

    @BeforeEach
    void client() {
        http = new Http(port);
    }

    private JsonNode stats() {
        var response = http.get("/admin/stats");
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.header("Content-Type")).startsWith("application/json");
        return response.json();
    }

    private static long money(JsonNode stats, String currency) {
        JsonNode entry = stats.get("money_per_currency").get(currency);
        return entry == null ? 0 : entry.get("balance_cents").longValue();
    }

    private static void assertNotFound(Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(404);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.json().get("code").stringValue()).isEqualTo("ROUTE_NOT_FOUND");
    }

    @Test
    void stats_follow_accounts_deposits_and_a_transfer() throws InterruptedException {
        JsonNode before = stats();
        assertThat(before.get("event_store").get("source").stringValue()).isEqualTo("DATABASE");
        assertThat(before.get("event_store").get("available").booleanValue()).isTrue();
        assertThat(before.get("event_store").get("dashboard_url").isNull()).isTrue();
        long headBefore = before.get("head").isNull()
                ? 0
                : before.get("head").get("global_index").longValue();

        String from = http.openAccount(10_000);
        String to = http.openAccount(0);
        var deposit = http.post("/accounts/" + from + "/deposit", "{\"amount_cents\":500}");
        assertThat(deposit.status()).as(deposit.toString()).isEqualTo(200);
        var transfer = http.post(
                "/transfers",
                "{\"from_account_number\":\"" + from + "\",\"to_account_number\":\"" + to + "\",\"amount_cents\":250}");
        assertThat(transfer.status()).as(transfer.toString()).isEqualTo(200);

        JsonNode after = stats();
        // The saga ends just after the transfer's reply; its saga_entry row goes with it.
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (after.get("sagas_in_flight").longValue()
                        > before.get("sagas_in_flight").longValue()
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
            after = stats();
        }

        assertThat(after.get("accounts").longValue())
                .isEqualTo(before.get("accounts").longValue() + 2);
        assertThat(money(after, "BRL")).isEqualTo(money(before, "BRL") + 10_500);
        assertThat(after.get("money_per_currency").get("BRL").get("accounts").longValue())
                .isEqualTo(before.get("accounts").longValue() + 2);
        JsonNode transfers = after.get("transfers");
        assertThat(transfers.get("completed").longValue())
                .isEqualTo(before.get("transfers").get("completed").longValue() + 1);
        assertThat(transfers.get("pending").longValue()).isEqualTo(0);
        assertThat(transfers.get("failed").longValue())
                .isEqualTo(before.get("transfers").get("failed").longValue());
        assertThat(after.get("sagas_in_flight").longValue()).isZero();
        // Four writes, each committed in a batch of the write pipeline.
        JsonNode pipeline = after.get("write_pipeline");
        assertThat(pipeline.get("enabled").booleanValue()).isTrue();
        assertThat(pipeline.get("requests_committed").longValue())
                .isGreaterThanOrEqualTo(
                        before.get("write_pipeline").get("requests_committed").longValue() + 4);
        assertThat(pipeline.get("batches_committed").longValue()).isPositive();
        assertThat(pipeline.get("batch_sizes").size()).isEqualTo(7);

        // Two openings, a deposit, and the transfer's requested, debited, credited and completed events.
        long head = after.get("head").get("global_index").longValue();
        assertThat(head).isGreaterThanOrEqualTo(headBefore + 7);
        assertThat(after.get("head").get("timestamp").stringValue()).endsWith("Z");
        JsonNode events = after.get("events");
        assertThat(events.get("window_seconds").longValue()).isEqualTo(60);
        assertThat(events.get("in_window").longValue()).isGreaterThanOrEqualTo(7);
        assertThat(events.get("per_second").doubleValue())
                .isEqualTo(events.get("in_window").longValue() / 60.0);
    }

    private static long reserved(JsonNode stats, String currency) {
        JsonNode entry = stats.get("reserved_per_currency").get(currency);
        return entry == null ? 0 : entry.get("reserved_cents").longValue();
    }

    private static long delta(JsonNode after, JsonNode before, String field) {
        return after.get(field).longValue() - before.get(field).longValue();
    }

    @Test
    void stats_follow_reservations_freezes_and_closes() {
        var reservations = new Reservations(http);
        String from = http.openAccount(10_000);
        String to = http.openAccount(0);
        String closing = http.openAccount(0);
        JsonNode before = stats();

        String open = reservations.reserve(from, to, 1_500);
        reservations.reserve(from, to, 250);
        reservations.voidTransfer(reservations.reserve(from, to, 99));
        reservations.freeze(to, "credits", "review");
        reservations.freeze(from, "debits", "review");
        reservations.unfreeze(from);
        reservations.close(closing);
        JsonNode after = stats();

        assertThat(delta(after, before, "open_reservations")).isEqualTo(2);
        assertThat(reserved(after, "BRL") - reserved(before, "BRL")).isEqualTo(1_750);
        JsonNode brl = after.get("reserved_per_currency").get("BRL");
        assertThat(brl.get("reservations").longValue())
                .isEqualTo(after.get("open_reservations").longValue());
        assertThat(delta(after.get("transfers"), before.get("transfers"), "reserved"))
                .isEqualTo(2);
        assertThat(delta(after.get("transfers"), before.get("transfers"), "voided"))
                .isEqualTo(1);
        assertThat(delta(after, before, "frozen_accounts")).isEqualTo(1);
        assertThat(delta(after, before, "closed_accounts")).isEqualTo(1);
        // Reserved money is still the accounts' money: the balances do not change until a post.
        assertThat(money(after, "BRL")).isEqualTo(money(before, "BRL"));

        reservations.unfreeze(to); // a destination frozen for credits takes no post
        reservations.post(open, 1_000);
        JsonNode posted = stats();
        assertThat(delta(posted, before, "frozen_accounts")).isZero();
        assertThat(delta(posted, before, "open_reservations")).isEqualTo(1);
        assertThat(reserved(posted, "BRL") - reserved(before, "BRL")).isEqualTo(250);
        assertThat(money(posted, "BRL")).isEqualTo(money(before, "BRL"));
    }

    @Test
    void the_last_audit_is_a_404_until_one_ran_then_the_latest_report() {
        var none = http.get("/admin/audit/last");
        assertThat(none.status()).as(none.toString()).isEqualTo(404);
        assertThat(none.header("Content-Type")).startsWith("application/problem+json");
        assertThat(none.json().get("code").stringValue()).isEqualTo("AUDIT_NOT_RUN");

        http.openAccount(42);
        var audit = http.get("/admin/audit");
        assertThat(audit.status()).as(audit.toString()).isEqualTo(200);

        var last = http.get("/admin/audit/last");
        assertThat(last.status()).as(last.toString()).isEqualTo(200);
        assertThat(last.json()).isEqualTo(audit.json());
        var finished = ZonedDateTime.parse(last.header("Last-Modified"), DateTimeFormatter.RFC_1123_DATE_TIME);
        assertThat(Duration.between(finished.toInstant(), java.time.Instant.now()))
                .isLessThan(Duration.ofMinutes(1));

        http.openAccount(43);
        var second = http.get("/admin/audit");
        assertThat(http.get("/admin/audit/last").json()).isEqualTo(second.json());
        assertThat(second.json().get("accounts_checked").intValue())
                .isEqualTo(audit.json().get("accounts_checked").intValue() + 1);
    }

    @Test
    void ops_serves_the_page_and_its_assets_and_unknown_paths_stay_json_404s() {
        for (String path : new String[] {"/ops", "/ops/", "/ops/index.html"}) {
            var page = http.get(path);
            assertThat(page.status()).as(path).isEqualTo(200);
            assertThat(page.header("Content-Type")).as(path).startsWith("text/html");
            assertThat(page.body()).contains("<title>bankcore operations</title>", "/ops/ops.js", "id=\"lookup-form\"");
        }
        var script = http.get("/ops/ops.js");
        assertThat(script.status()).isEqualTo(200);
        assertThat(script.header("Content-Type")).contains("javascript");
        // Data reaches the page as text only: no markup is ever built from it.
        assertThat(script.body())
                .contains("/admin/stats", "textContent", "'/accounts/' + encodeURIComponent(")
                .doesNotContainPattern("\\.(inner|outer)HTML\\s*\\+?=|insertAdjacentHTML|document\\.write");
        var style = http.get("/ops/ops.css");
        assertThat(style.status()).isEqualTo(200);
        assertThat(style.header("Content-Type")).startsWith("text/css");

        // Whatever the browser accepts, the page is HTML; nothing else changed for the API.
        var htmlAccept = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ops"))
                .header("Accept", "text/html,application/xhtml+xml")
                .GET());
        assertThat(htmlAccept.status()).isEqualTo(200);
        assertThat(htmlAccept.header("Content-Type")).startsWith("text/html");

        assertNotFound(http.get("/ops/nope.js"));
        assertNotFound(http.get("/ops/index.htm"));
        assertNotFound(http.get("/opsx"));
        assertNotFound(http.get("/nope"));
        var post = http.post("/ops", "{}");
        assertThat(post.status()).as(post.toString()).isEqualTo(405);
        assertThat(post.header("Content-Type")).startsWith("application/problem+json");
    }

    @Test
    void the_new_routes_are_in_the_admin_openapi_group_only() {
        JsonNode admin = http.get("/openapi.json/admin").json();
        assertThat(admin.get("paths").propertyNames()).contains("/admin/stats", "/admin/audit/last");
        assertThat(admin.get("components")
                        .get("schemas")
                        .get("Stats")
                        .get("properties")
                        .propertyNames())
                .containsExactlyInAnyOrder(
                        "read_at",
                        "head",
                        "events",
                        "transfers",
                        "sagas_in_flight",
                        "accounts",
                        "money_per_currency",
                        "idempotency",
                        "frozen_accounts",
                        "closed_accounts",
                        "open_reservations",
                        "reserved_per_currency",
                        "event_store",
                        "write_pipeline");
        JsonNode open = http.get("/openapi.json").json();
        assertThat(open.get("paths").propertyNames()).doesNotContain("/admin/stats", "/admin/audit/last");
    }
}
