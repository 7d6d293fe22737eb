package io.bankcore.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.bankcore.app.support.Http;
import io.bankcore.app.support.Nodes;
import io.bankcore.app.support.PostgresDatabase;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Two instances on one PostgreSQL database (the default layout: each writes the read models in its
 * commands' transaction), and every pending transfer ended twice at once: a post on one instance and a
 * void on the other, released by one latch; some of them at the moment they expire, while either
 * instance's deadline scheduler may fire the expiry. Exactly one end wins per transfer, the loser is told
 * which, and the money, the holds and the ledger agree with the winners alone.
 */
class TwoNodeReservationRaceTest {

    static final long SOURCE_MINOR = 100_000;

    static PostgresDatabase database;
    static ConfigurableApplicationContext nodeA;
    static ConfigurableApplicationContext nodeB;
    /** Runs several races at a time; each race sends its two requests from {@link #senders}. */
    static ExecutorService races;

    static ExecutorService senders;

    @BeforeAll
    static void start() {
        database = PostgresDatabase.create("two_nodes_reservations");
        // Deadlines polled often on both instances, so an expiry fires close to its expires_at.
        nodeA = Nodes.inProcess(database, "node-a", "--bankcore.deadlines.polling-interval=100ms");
        nodeB = Nodes.inProcess(database, "node-b", "--bankcore.deadlines.polling-interval=100ms");
        races = Executors.newFixedThreadPool(6);
        senders = Executors.newCachedThreadPool();
    }

    @AfterAll
    static void stop() {
        if (races != null) {
            races.shutdownNow();
            senders.shutdownNow();
        }
        for (var node : new ConfigurableApplicationContext[] {nodeB, nodeA}) {
            if (node != null) {
                node.close();
            }
        }
    }

    /** One pending transfer and the two ends sent to it at once; {@code first} goes to node A when even. */
    record Race(
            int n,
            String id,
            String from,
            String to,
            long amountMinor,
            String first,
            String firstBody,
            String second,
            String secondBody,
            boolean atExpiry,
            Instant expiresAt) {

        Http firstNode() {
            return http(n % 2 == 0 ? nodeA : nodeB);
        }

        Http secondNode() {
            return http(n % 2 == 0 ? nodeB : nodeA);
        }
    }

    record Outcome(Race race, Http.Response first, Http.Response second) {}

    @Test
    void post_void_and_expiry_racing_on_two_instances_end_each_transfer_exactly_once() throws Exception {
        List<String> sources = new ArrayList<>();
        List<String> destinations = open(4, 0);
        List<Race> planned = new ArrayList<>();
        for (int n = 0; n < 24; n++) {
            // A third of the posts are partial: the rest of the hold must come back too.
            long amount = 100 + n;
            String postBody = n % 3 == 0 ? "{\"amount_cents\":" + (amount / 2) + "}" : "{}";
            planned.add(reserve(n, sources, destinations, amount, 3600, "post", postBody, "void", "{}"));
        }
        // Reserved last, so that their short lives end while the others race.
        for (int n = 24; n < 36; n++) {
            planned.add(reserve(n, sources, destinations, 100 + n, 3, "post", "{}", "void", "{}"));
        }

        List<Outcome> outcomes = race(planned);

        Map<String, String> statuses = new HashMap<>();
        Map<String, Long> posted = new HashMap<>();
        int postWins = 0;
        int voidWins = 0;
        int expired = 0;
        for (var outcome : outcomes) {
            var race = outcome.race();
            var post = outcome.first();
            var voided = outcome.second();
            assertEndAnswer(post, race);
            assertEndAnswer(voided, race);
            assertThat(post.status() == 200 && voided.status() == 200)
                    .as("both ends won: %s / %s", post, voided)
                    .isFalse();
            if (post.status() == 200) {
                long amount = postedAmount(race);
                assertThat(post.json().get("status").stringValue()).isEqualTo("COMPLETED");
                assertThat(post.json().get("posted_amount_cents").longValue()).isEqualTo(amount);
                assertLoserNames(voided, "COMPLETED", race);
                statuses.put(race.id(), "COMPLETED");
                posted.put(race.id(), amount);
                postWins++;
            } else if (voided.status() == 200) {
                assertThat(voided.json().get("status").stringValue()).isEqualTo("VOIDED");
                assertLoserNames(post, "VOIDED", race);
                statuses.put(race.id(), "VOIDED");
                voidWins++;
            } else {
                assertThat(race.atExpiry())
                        .as("a long-lived reservation refused both ends: %s / %s", post, voided)
                        .isTrue();
                assertLoserNames(post, "EXPIRED", race);
                assertLoserNames(voided, "EXPIRED", race);
                statuses.put(race.id(), "EXPIRED");
                expired++;
            }
        }
        // Every kind of end happened, so each was raced.
        assertThat(postWins).as("posts won").isPositive();
        assertThat(voidWins).as("voids won").isPositive();
        assertThat(expired).as("expired").isPositive();

        assertBooks(planned, statuses, posted, sources, destinations);
    }

    @Test
    void two_posts_racing_on_two_instances_move_the_money_once() throws Exception {
        List<String> sources = new ArrayList<>();
        List<String> destinations = open(3, 0);
        List<Race> planned = new ArrayList<>();
        for (int n = 0; n < 24; n++) {
            long amount = 200 + n;
            // Different amounts, so the ledger shows whose post it was.
            planned.add(reserve(
                    n,
                    sources,
                    destinations,
                    amount,
                    3600,
                    "post",
                    "{\"amount_cents\":" + (amount - 1) + "}",
                    "post",
                    "{}"));
        }

        List<Outcome> outcomes = race(planned);

        Map<String, String> statuses = new HashMap<>();
        Map<String, Long> posted = new HashMap<>();
        for (var outcome : outcomes) {
            var race = outcome.race();
            assertEndAnswer(outcome.first(), race);
            assertEndAnswer(outcome.second(), race);
            assertThat(List.of(outcome.first().status(), outcome.second().status()))
                    .as("exactly one post wins: %s / %s", outcome.first(), outcome.second())
                    .containsExactlyInAnyOrder(200, 409);
            boolean firstWon = outcome.first().status() == 200;
            var winner = firstWon ? outcome.first() : outcome.second();
            long amount = firstWon ? race.amountMinor() - 1 : race.amountMinor();
            assertThat(winner.json().get("posted_amount_cents").longValue()).isEqualTo(amount);
            assertLoserNames(firstWon ? outcome.second() : outcome.first(), "COMPLETED", race);
            statuses.put(race.id(), "COMPLETED");
            posted.put(race.id(), amount);
        }

        assertBooks(planned, statuses, posted, sources, destinations);
    }

    /**
     * More reservations at once than the instance has connections (ten by default): each holds its
     * transaction's connection while its deadline is stored, and none may wait for a second one.
     */
    @Test
    void thirty_two_reservations_at_once_on_one_instance_are_all_made() throws Exception {
        var node = http(nodeA);
        String to = node.openAccount(0);
        var sources = new ArrayList<String>();
        for (int i = 0; i < 32; i++) {
            sources.add(node.openAccount(1000));
        }
        var go = new CountDownLatch(1);
        var answers = new ArrayList<Future<Http.Response>>();
        for (String from : sources) {
            answers.add(senders.submit(() -> {
                go.await();
                return node.post(
                        "/transfers",
                        "{\"from_account_number\":\"" + from + "\",\"to_account_number\":\"" + to
                                + "\",\"amount_cents\":100,\"pending\":true}");
            }));
        }
        go.countDown();
        var replies = new ArrayList<Http.Response>();
        for (var answer : answers) {
            replies.add(answer.get());
        }
        long held = database.queryLong("SELECT count(*) FROM account_balance WHERE reserved_minor = 100");
        // Released again, so that the other tests here find every hold and deadline gone at their end.
        for (var reply : replies) {
            if (reply.status() == 201) {
                var voided = node.post(
                        "/transfers/" + reply.json().get("correlation_id").stringValue() + "/void", "{}");
                assertThat(voided.status()).as(voided.toString()).isEqualTo(200);
            }
        }
        for (var reply : replies) {
            assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        }
        assertThat(held).isEqualTo(32);
    }

    static Http http(ConfigurableApplicationContext node) {
        return new Http(Nodes.port(node));
    }

    private static List<String> open(int count, long initialMinor) {
        var accounts = new ArrayList<String>();
        for (int i = 0; i < count; i++) {
            accounts.add(http(i % 2 == 0 ? nodeA : nodeB).openAccount(initialMinor));
        }
        return accounts;
    }

    /**
     * Opens a source and reserves from it on one instance (alternating), so the other learns of both
     * only from the database. Each transfer has a source of its own, which the other instance has not
     * loaded before the race: what is raced is the end of the transfer, not a stale cached copy of an
     * account (TwoNodeReservationCacheTest is about that).
     */
    private static Race reserve(
            int n,
            List<String> sources,
            List<String> destinations,
            long amountMinor,
            int timeoutSeconds,
            String first,
            String firstBody,
            String second,
            String secondBody) {
        var reserving = http(n % 2 == 0 ? nodeB : nodeA);
        String from = reserving.openAccount(SOURCE_MINOR);
        sources.add(from);
        String to = destinations.get(n % destinations.size());
        var reserved = reserving.post(
                "/transfers",
                "{\"from_account_number\":\"" + from + "\",\"to_account_number\":\"" + to
                        + "\",\"amount_cents\":" + amountMinor + ",\"pending\":true,\"timeout_seconds\":"
                        + timeoutSeconds + "}");
        assertThat(reserved.status()).as(reserved.toString()).isEqualTo(201);
        return new Race(
                n,
                reserved.json().get("correlation_id").stringValue(),
                from,
                to,
                amountMinor,
                first,
                firstBody,
                second,
                secondBody,
                timeoutSeconds < 60,
                Instant.parse(reserved.json().get("expires_at").stringValue()));
    }

    /**
     * Runs every race: the two ends of one transfer are released together by a latch, on the two
     * instances. A race at expiry is released around its {@code expires_at} (from 50 ms before to
     * 50 ms after), where the expiry check and the deadline meet the requests.
     */
    private static List<Outcome> race(List<Race> planned) throws Exception {
        var pending = new ArrayList<Future<Outcome>>();
        for (var race : planned) {
            // A race at expiry waits for its moment on a thread of its own, not in the queue of the others.
            var pool = race.atExpiry() ? senders : races;
            pending.add(pool.submit(() -> {
                if (race.atExpiry()) {
                    long offset = (race.n() * 37L) % 101 - 50;
                    long wait = Duration.between(Instant.now(), race.expiresAt().plusMillis(offset))
                            .toMillis();
                    if (wait > 0) {
                        Thread.sleep(wait);
                    }
                }
                var go = new CountDownLatch(1);
                Future<Http.Response> first = senders.submit(() -> {
                    go.await();
                    return race.firstNode().post("/transfers/" + race.id() + "/" + race.first(), race.firstBody());
                });
                Future<Http.Response> second = senders.submit(() -> {
                    go.await();
                    return race.secondNode().post("/transfers/" + race.id() + "/" + race.second(), race.secondBody());
                });
                go.countDown();
                return new Outcome(race, first.get(), second.get());
            }));
        }
        var outcomes = new ArrayList<Outcome>();
        for (var outcome : pending) {
            outcomes.add(outcome.get());
        }
        return outcomes;
    }

    /** A winner's 200 or a loser's 409 TRANSFER_NOT_PENDING; anything else (a 5xx above all) fails. */
    private static void assertEndAnswer(Http.Response response, Race race) {
        assertThat(response.status()).as("%s: %s", race, response).isIn(200, 409);
        if (response.status() == 409) {
            assertThat(response.json().get("code").stringValue())
                    .as("%s: %s", race, response)
                    .isEqualTo("TRANSFER_NOT_PENDING");
        }
    }

    /**
     * The loser's refusal names the winner's status. At expiry it may name EXPIRED although the other end
     * won: it looked after {@code expires_at}, the winner before it, and the winner's commit came later.
     */
    private static void assertLoserNames(Http.Response loser, String status, Race race) {
        assertThat(loser.status()).as("%s: %s", race, loser).isEqualTo(409);
        String detail = loser.json().get("detail").stringValue();
        if (race.atExpiry() && detail.contains("EXPIRED")) {
            return;
        }
        assertThat(detail).as("%s: %s", race, loser).contains("its status is " + status);
    }

    private static long postedAmount(Race race) {
        return race.firstBody().contains("amount_cents") ? race.amountMinor() / 2 : race.amountMinor();
    }

    /**
     * On both instances: each transfer's status is its winner's; every hold is released; a source lost
     * exactly what was posted from it and a destination gained exactly what was posted to it, one ledger
     * line each; the money in all is what the sources started with; every transfer has one end event,
     * every saga ended and no deadline is left.
     */
    private static void assertBooks(
            List<Race> planned,
            Map<String, String> statuses,
            Map<String, Long> posted,
            List<String> sources,
            List<String> destinations)
            throws Exception {
        for (var race : planned) {
            String expected = statuses.get(race.id());
            for (var node : List.of(nodeA, nodeB)) {
                JsonNode transfer = awaitStatus(http(node), race.id(), expected);
                assertThat(transfer.get("status").stringValue())
                        .as("%s: %s", race, transfer)
                        .isEqualTo(expected);
                if (expected.equals("COMPLETED")) {
                    assertThat(transfer.get("posted_amount_cents").longValue()).isEqualTo(posted.get(race.id()));
                } else {
                    assertThat(transfer.get("posted_amount_cents").isNull()).isTrue();
                }
            }
        }

        Map<String, Map<String, Long>> outs = new HashMap<>();
        Map<String, Map<String, Long>> ins = new HashMap<>();
        for (var race : planned) {
            Long amount = posted.get(race.id());
            if (amount != null) {
                outs.computeIfAbsent(race.from(), k -> new HashMap<>()).put(race.id(), amount);
                ins.computeIfAbsent(race.to(), k -> new HashMap<>()).put(race.id(), amount);
            }
        }
        long total = 0;
        for (var node : List.of(nodeA, nodeB)) {
            total = 0;
            for (String account : sources) {
                long out = outs.getOrDefault(account, Map.of()).values().stream()
                        .mapToLong(Long::longValue)
                        .sum();
                total += assertBalance(http(node), account, SOURCE_MINOR - out);
                assertThat(ledger(http(node), account, "TRANSFER_OUT"))
                        .as("the TRANSFER_OUT lines of %s", account)
                        .isEqualTo(outs.getOrDefault(account, Map.of()));
            }
            for (String account : destinations) {
                long in = ins.getOrDefault(account, Map.of()).values().stream()
                        .mapToLong(Long::longValue)
                        .sum();
                total += assertBalance(http(node), account, in);
                assertThat(ledger(http(node), account, "TRANSFER_IN"))
                        .as("the TRANSFER_IN lines of %s", account)
                        .isEqualTo(ins.getOrDefault(account, Map.of()));
            }
            assertThat(total).as("money conserved").isEqualTo(SOURCE_MINOR * sources.size());
        }

        for (var race : planned) {
            String end = switch (statuses.get(race.id())) {
                case "COMPLETED" -> "TransferPostedEvent";
                case "VOIDED" -> "TransferVoidedEvent";
                default -> "TransferExpiredEvent";
            };
            assertThat(endEvents(race.id())).as("%s", race).isEqualTo(Map.of(end, 1L));
        }
        awaitZero("SELECT count(*) FROM saga_entry");
        awaitZero("SELECT count(*) FROM scheduled_tasks");
        assertThat(database.queryLong("SELECT count(*) FROM account_balance WHERE reserved_minor <> 0"))
                .isZero();
    }

    /** The balance, with nothing held: answers it, for the sum. */
    private static long assertBalance(Http http, String account, long expectedMinor) {
        var response = http.get("/accounts/" + account + "/balance");
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        JsonNode balance = response.json();
        assertThat(balance.get("balance_cents").longValue()).as("%s", balance).isEqualTo(expectedMinor);
        assertThat(balance.get("reserved_cents").longValue()).as("%s", balance).isZero();
        assertThat(balance.get("available_balance_cents").longValue())
                .as("%s", balance)
                .isEqualTo(expectedMinor);
        return balance.get("balance_cents").longValue();
    }

    /** An account's ledger lines of one type: amount by correlation id (a second line for one id fails). */
    private static Map<String, Long> ledger(Http http, String account, String type) {
        var lines =
                http.get("/accounts/" + account + "/transactions?limit=1000").json();
        Map<String, Long> byTransfer = new HashMap<>();
        for (JsonNode line : lines) {
            String entryType = line.get("entry_type").stringValue();
            assertThat(entryType).as("%s", line).isNotEqualTo("TRANSFER_REFUND");
            if (entryType.equals(type)) {
                Long previous = byTransfer.put(
                        line.get("correlation_id").stringValue(),
                        line.get("amount_cents").longValue());
                assertThat(previous).as("a second %s line: %s", type, line).isNull();
            }
        }
        return byTransfer;
    }

    private static Map<String, Long> endEvents(String transferId) throws SQLException {
        try (var c = database.connect();
                var statement = c.prepareStatement("SELECT payload_type, count(*) FROM domain_event_entry"
                        + " WHERE aggregate_identifier = ? AND payload_type IN ('io.bankcore.api.TransferPostedEvent',"
                        + " 'io.bankcore.api.TransferVoidedEvent', 'io.bankcore.api.TransferExpiredEvent')"
                        + " GROUP BY payload_type")) {
            statement.setString(1, transferId);
            var rs = statement.executeQuery();
            Map<String, Long> counts = new HashMap<>();
            while (rs.next()) {
                counts.put(rs.getString(1).substring("io.bankcore.api.".length()), rs.getLong(2));
            }
            return counts;
        }
    }

    /** An expiry refused to both ends may still wait for its deadline (polled every 100 ms). */
    private static JsonNode awaitStatus(Http http, String transferId, String status) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
        JsonNode transfer = http.get("/transfers/" + transferId).json();
        while (!status.equals(transfer.get("status").stringValue())
                && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
            transfer = http.get("/transfers/" + transferId).json();
        }
        return transfer;
    }

    private static void awaitZero(String count) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
        while (database.queryLong(count) != 0 && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }
        assertThat(database.queryLong(count)).as(count).isZero();
    }
}
