package io.bankcore.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.bankcore.app.support.AccountNumbers;
import io.bankcore.app.support.Http;
import io.bankcore.app.support.Http.Response;
import io.bankcore.app.support.PostgresDatabase;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The audit trail ({@code GET /accounts/{n}/events}) and the balance at an instant
 * ({@code GET /accounts/{n}/balance?as_of=}) on PostgreSQL, with a snapshot every 3 events so that
 * accounts really have snapshots: both must still read every event from sequence 0.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "bankcore.snapshot-threshold=3")
@ActiveProfiles("postgres")
class PostgresAuditTest {

    private static final String UTC_TIMESTAMP = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,6})?Z";
    private static PostgresDatabase database;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        database = PostgresDatabase.register(registry, "audit");
    }

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

    private long deposit(String number, long amount) {
        var response = http.post("/accounts/" + number + "/deposit", "{\"amount_cents\":" + amount + "}");
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        pause();
        return response.json().get("balance_cents").longValue();
    }

    private long withdraw(String number, long amount) {
        var response = http.post("/accounts/" + number + "/withdraw", "{\"amount_cents\":" + amount + "}");
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        pause();
        return response.json().get("balance_cents").longValue();
    }

    /** Keeps consecutive events milliseconds apart, so an instant strictly between two is easy to name. */
    private static void pause() {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private List<JsonNode> trail(String number) {
        var response = http.get("/accounts/" + number + "/events?limit=1000");
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.header("Link")).isNull();
        var events = new ArrayList<JsonNode>();
        response.json().forEach(events::add);
        return events;
    }

    private static Instant occurredAt(JsonNode event) {
        return Instant.parse(event.get("occurred_at").stringValue());
    }

    private Response balanceAsOf(String number, String asOf) {
        return http.get("/accounts/" + number + "/balance?as_of=" + asOf);
    }

    private int snapshots(String number) throws SQLException {
        try (var connection = database.connect();
                var query = connection.prepareStatement(
                        "select count(*) from snapshot_event_entry where aggregate_identifier = ?")) {
            query.setString(1, number);
            try (var rows = query.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    private void awaitSnapshot(String number) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (snapshots(number) == 0) {
            assertThat(System.nanoTime())
                    .as("a snapshot of " + number + " within 10 s")
                    .isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private static void assertProblem(Response response, int status, String code, String detailContains) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        JsonNode body = response.json();
        assertThat(body.get("code").stringValue()).as(response.toString()).isEqualTo(code);
        assertThat(body.get("detail").stringValue()).as(response.toString()).contains(detailContains);
    }

    // ---- the audit trail -----------------------------------------------------------------------

    @Test
    void trail_of_an_account_with_a_snapshot_starts_at_sequence_zero_and_has_every_event_in_order() throws Exception {
        String number = open(1000);
        pause();
        List<Long> balances = new ArrayList<>(List.of(1000L));
        for (int i = 1; i <= 5; i++) {
            balances.add(deposit(number, 100));
        }
        balances.add(withdraw(number, 50));
        awaitSnapshot(number);

        List<JsonNode> events = trail(number);

        assertThat(events).hasSize(7);
        assertThat(events)
                .extracting(e -> e.get("type").stringValue())
                .containsExactly(
                        "account.opened",
                        "money.deposited",
                        "money.deposited",
                        "money.deposited",
                        "money.deposited",
                        "money.deposited",
                        "money.withdrawn");
        Instant previous = Instant.MIN;
        for (int seq = 0; seq < events.size(); seq++) {
            JsonNode event = events.get(seq);
            assertThat(event.get("sequence_number").longValue()).isEqualTo(seq);
            assertThat(event.get("occurred_at").stringValue()).matches(UTC_TIMESTAMP);
            assertThat(occurredAt(event)).isAfterOrEqualTo(previous);
            previous = occurredAt(event);
            assertThat(event.get("correlation_id").isNull()).isTrue();
            assertThat(event.get("account_number").stringValue()).isEqualTo(number);
            JsonNode data = event.get("data");
            assertThat(data.get("account_number").stringValue()).isEqualTo(number);
            assertThat(data.get("currency").stringValue()).isEqualTo("BRL");
            String balanceField = seq == 0 ? "initial_balance_cents" : "balance_cents";
            assertThat(data.get(balanceField).longValue()).as(event.toString()).isEqualTo(balances.get(seq));
        }
        assertThat(events.get(1).get("data").get("amount_cents").longValue()).isEqualTo(100);
        assertThat(events.get(6).get("data").get("amount_cents").longValue()).isEqualTo(50);
        assertThat(snapshots(number)).isPositive();
    }

    @Test
    void trail_pages_follow_the_link_header() {
        String number = open(0);
        for (int i = 1; i <= 6; i++) {
            deposit(number, i);
        }

        var first = http.get("/accounts/" + number + "/events?limit=3");
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        assertThat(first.json())
                .extracting(e -> e.get("sequence_number").longValue())
                .containsExactly(0L, 1L, 2L);
        assertThat(first.header("Link")).isEqualTo("</accounts/" + number + "/events?limit=3&cursor=3>; rel=\"next\"");

        var second = http.get("/accounts/" + number + "/events?limit=3&cursor=3");
        assertThat(second.json())
                .extracting(e -> e.get("sequence_number").longValue())
                .containsExactly(3L, 4L, 5L);
        assertThat(second.header("Link")).isEqualTo("</accounts/" + number + "/events?limit=3&cursor=6>; rel=\"next\"");

        var last = http.get("/accounts/" + number + "/events?limit=3&cursor=6");
        assertThat(last.json())
                .extracting(e -> e.get("sequence_number").longValue())
                .containsExactly(6L);
        assertThat(last.header("Link")).isNull();

        var beyond = http.get("/accounts/" + number + "/events?cursor=100");
        assertThat(beyond.status()).as(beyond.toString()).isEqualTo(200);
        assertThat(beyond.json().isArray()).isTrue();
        assertThat(beyond.json().size()).isZero();

        var byDefault = http.get("/accounts/" + number + "/events");
        assertThat(byDefault.json().size()).isEqualTo(7);
        assertThat(byDefault.header("Link")).isNull();
    }

    @Test
    void a_transfers_events_carry_its_correlation_id_on_both_accounts() {
        String from = open(1000);
        String to = open(0);
        var transfer = http.post(
                "/transfers",
                "{\"from_account_number\":\"" + from + "\",\"to_account_number\":\"" + to + "\",\"amount_cents\":300}");
        assertThat(transfer.status()).as(transfer.toString()).isEqualTo(200);
        String correlationId = transfer.json().get("correlation_id").stringValue();

        JsonNode debited = trail(from).get(1);
        assertThat(debited.get("type").stringValue()).isEqualTo("transfer.debited");
        assertThat(debited.get("correlation_id").stringValue()).isEqualTo(correlationId);
        assertThat(debited.get("data").get("transfer_id").stringValue()).isEqualTo(correlationId);
        assertThat(debited.get("data").get("balance_cents").longValue()).isEqualTo(700);
        assertThat(debited.get("data").get("counterparty_account_number").stringValue())
                .isEqualTo(to);

        JsonNode credited = trail(to).get(1);
        assertThat(credited.get("type").stringValue()).isEqualTo("transfer.credited");
        assertThat(credited.get("correlation_id").stringValue()).isEqualTo(correlationId);
        assertThat(credited.get("data").get("balance_cents").longValue()).isEqualTo(300);

        assertThat(trail(from).get(0).get("correlation_id").isNull()).isTrue();
    }

    @Test
    void a_trails_events_are_the_feeds_events_with_their_sequence_number_and_principal() {
        String from = open(1000);
        String to = open(0);
        var transfer = http.post(
                "/transfers",
                "{\"from_account_number\":\"" + from + "\",\"to_account_number\":\"" + to + "\",\"amount_cents\":300}");
        assertThat(transfer.status()).as(transfer.toString()).isEqualTo(200);

        List<JsonNode> events = trail(from);
        assertThat(events)
                .extracting(e -> e.get("type").stringValue())
                .containsExactly("account.opened", "transfer.debited");
        for (int seq = 0; seq < events.size(); seq++) {
            var event = (ObjectNode) events.get(seq).deepCopy();
            assertThat(event.remove("sequence_number").longValue()).isEqualTo(seq);
            assertThat(event.remove("principal").isNull())
                    .as("no credential, no principal")
                    .isTrue();
            long position = event.get("position").longValue();
            JsonNode feed = http.get("/events?after=" + (position - 1) + "&limit=1")
                    .json()
                    .get("events")
                    .get(0);
            assertThat(event).isEqualTo(feed);
        }
    }

    @Test
    void trail_refuses_a_bad_account_number_an_unknown_account_and_bad_paging() {
        assertProblem(http.get("/accounts/12/events"), 400, "INVALID_ACCOUNT_NUMBER", "between 6 and 12 digits");
        assertProblem(http.get("/accounts/12ab56/events"), 400, "INVALID_ACCOUNT_NUMBER", "only digits");
        String unknown = AccountNumbers.fresh();
        assertProblem(
                http.get("/accounts/" + unknown + "/events"),
                404,
                "ACCOUNT_NOT_FOUND",
                "Account with number " + unknown + " not found.");
        assertProblem(http.get("/accounts/" + unknown + "/events?cursor=5"), 404, "ACCOUNT_NOT_FOUND", unknown);

        String number = open(10);
        for (String limit : List.of("0", "1001", "abc", "-1", "1.5", "")) {
            assertProblem(http.get("/accounts/" + number + "/events?limit=" + limit), 422, "INVALID_REQUEST", "limit");
        }
        for (String cursor : List.of("-1", "x", "1e3", "", "1234567890123456789")) {
            assertProblem(
                    http.get("/accounts/" + number + "/events?cursor=" + cursor), 422, "INVALID_REQUEST", "cursor");
        }
        // 422 comes before 400, as everywhere in the contract.
        assertProblem(http.get("/accounts/12/events?limit=0"), 422, "INVALID_REQUEST", "limit");
    }

    // ---- balance as of an instant --------------------------------------------------------------

    @Test
    void balance_as_of_before_the_account_existed_between_two_deposits_and_now() {
        String number = open(1000);
        pause();
        deposit(number, 200);
        deposit(number, 300);
        List<JsonNode> events = trail(number);
        Instant opened = occurredAt(events.get(0));
        Instant firstDeposit = occurredAt(events.get(1));
        Instant secondDeposit = occurredAt(events.get(2));
        assertThat(Duration.between(firstDeposit, secondDeposit)).isGreaterThan(Duration.ofMillis(2));

        Instant before = opened.minusMillis(1);
        var notYet = balanceAsOf(number, before.toString());
        assertProblem(
                notYet,
                404,
                "ACCOUNT_NOT_FOUND",
                "Account with number " + number + " did not exist at " + before + ".");

        Instant between =
                firstDeposit.plus(Duration.between(firstDeposit, secondDeposit).dividedBy(2));
        var then = balanceAsOf(number, between.toString());
        assertThat(then.status()).as(then.toString()).isEqualTo(200);
        assertThat(then.json().get("account_number").stringValue()).isEqualTo(number);
        assertThat(then.json().get("balance_cents").longValue()).isEqualTo(1200);
        assertThat(then.json().get("currency").stringValue()).isEqualTo("BRL");
        assertThat(then.json().get("as_of").stringValue()).isEqualTo(between.toString());

        var afterOpening = balanceAsOf(
                number,
                opened.plus(Duration.between(opened, firstDeposit).dividedBy(2)).toString());
        assertThat(afterOpening.json().get("balance_cents").longValue()).isEqualTo(1000);

        var now = balanceAsOf(number, Instant.now().toString());
        assertThat(now.status()).as(now.toString()).isEqualTo(200);
        assertThat(now.json().get("balance_cents").longValue()).isEqualTo(1500);

        var current = http.get("/accounts/" + number + "/balance");
        assertThat(current.json().get("balance_cents").longValue()).isEqualTo(1500);
        assertThat(current.json().has("as_of")).as("no as_of without as_of").isFalse();
    }

    @Test
    void balance_as_of_accepts_offsets_and_normalises_to_utc() {
        String number = open(42);
        var far = balanceAsOf(number, "2999-01-01T00:00:00%2B02:00");
        assertThat(far.status()).as(far.toString()).isEqualTo(200);
        assertThat(far.json().get("balance_cents").longValue()).isEqualTo(42);
        assertThat(far.json().get("as_of").stringValue()).isEqualTo("2998-12-31T22:00:00Z");

        // An unencoded '+' arrives as a space; it still means the offset.
        var unencoded = balanceAsOf(number, "2999-01-01T00:00:00+02:00");
        assertThat(unencoded.status()).as(unencoded.toString()).isEqualTo(200);
        assertThat(unencoded.json().get("as_of").stringValue()).isEqualTo("2998-12-31T22:00:00Z");

        var negative = balanceAsOf(number, "2999-01-01T00:00:00.5-03:00");
        assertThat(negative.json().get("as_of").stringValue()).isEqualTo("2999-01-01T03:00:00.500Z");

        assertProblem(
                balanceAsOf(number, "2000-01-01T00:00:00Z"),
                404,
                "ACCOUNT_NOT_FOUND",
                "Account with number " + number + " did not exist at 2000-01-01T00:00:00Z.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"yesterday", "2026-01-12", "2026-01-12T21:13:49", "2026-13-01T00:00:00Z", "", "1"})
    void malformed_as_of_is_422_naming_the_parameter(String asOf) {
        String number = open(1);
        var response = balanceAsOf(number, asOf);
        assertProblem(response, 422, "INVALID_REQUEST", "as_of");
        assertThat(response.json().get("errors").get(0).get("field").stringValue())
                .isEqualTo("as_of");
    }

    @Test
    void balance_as_of_refuses_a_bad_or_unknown_account() {
        String unknown = AccountNumbers.fresh();
        assertProblem(
                balanceAsOf(unknown, "2026-01-12T21:13:49Z"),
                404,
                "ACCOUNT_NOT_FOUND",
                "Account with number " + unknown + " not found.");
        assertProblem(balanceAsOf("12", "2026-01-12T21:13:49Z"), 400, "INVALID_ACCOUNT_NUMBER", "between 6 and 12");
        assertProblem(balanceAsOf("12", "nonsense"), 422, "INVALID_REQUEST", "as_of");
    }

    @Test
    void both_routes_are_in_the_openapi_document() {
        JsonNode openapi = http.get("/openapi.json").json();
        JsonNode events = openapi.get("paths").get("/accounts/{accountNumber}/events");
        assertThat(events).as("events route").isNotNull();
        assertThat(events.get("get").get("parameters").toString())
                .contains("limit")
                .contains("cursor");
        JsonNode balance = openapi.get("paths").get("/accounts/{accountNumber}/balance");
        assertThat(balance.get("get").get("parameters").toString()).contains("as_of");
        JsonNode schemas = openapi.get("components").get("schemas");
        JsonNode accountEvent = schemas.get("AccountEvent").get("allOf");
        assertThat(accountEvent.get(0).get("$ref").stringValue()).isEqualTo("#/components/schemas/Event");
        assertThat(accountEvent.get(1).get("properties").propertyNames())
                .containsExactlyInAnyOrder("sequence_number", "principal");
        assertThat(schemas.get("Event").get("properties").propertyNames())
                .contains("event_id", "position", "type", "occurred_at", "correlation_id", "data");
        assertThat(schemas.get("BalanceAsOf").get("properties").propertyNames())
                .containsExactlyInAnyOrder(
                        "account_number",
                        "balance_cents",
                        "currency",
                        "as_of",
                        "available_balance_cents",
                        "reserved_cents",
                        "overdraft_limit_cents",
                        "status");
    }
}
