package io.bankcore.app;

import static io.bankcore.app.support.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.bankcore.app.events.EventTypes;
import io.bankcore.app.support.Http;
import io.bankcore.app.support.Http.Response;
import io.bankcore.app.support.Vocabulary;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * One public vocabulary (snake_case fields, amounts in {@code *_cents}, enumerations in upper case, no
 * Java class name) in every answer schema both OpenAPI documents declare, in the answers of every
 * route after a workload that makes events of every kind a request can cause, and in every event of
 * the feed (whose JSON is also the body of a webhook delivery, an SSE event and a RabbitMQ message).
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.datasource.url=jdbc:h2:mem:vocabulary;DB_CLOSE_DELAY=-1;DB_CLOSE_ON_EXIT=FALSE",
            "bankcore.webhooks.allow-http=true",
            "bankcore.webhooks.allowed-addresses=loopback"
        })
class PublicVocabularyTest {

    /** Types no request causes alone: a debit refused after its transfer was accepted (a race). */
    private static final Set<String> RACES_ONLY = Set.of("transfer.debit_rejected");

    @LocalServerPort
    int port;

    @Test
    void every_answer_schema_of_the_openapi_documents_speaks_the_public_vocabulary() {
        var http = new Http(port);
        var problems = new ArrayList<String>();
        for (String document : List.of("/openapi.json/public", "/openapi.json/admin")) {
            var response = http.get(document);
            assertThat(response.status()).as(document).isEqualTo(200);
            problems.addAll(Vocabulary.ofOpenApi(response.json()));
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void every_answer_and_every_feed_event_speaks_the_public_vocabulary() throws Exception {
        var http = new Http(port);
        long start = http.get("/events?limit=1&after=999999999")
                .json()
                .get("newest_position")
                .longValue();
        var answers = new ArrayList<Response>();
        String a = http.openAccount(10_000);
        String b = http.openAccount(0);
        String c = http.openAccount(0);
        answers.add(ok(http.post("/accounts/" + a + "/deposit", "{\"amount_cents\":500}")));
        answers.add(ok(http.post("/accounts/" + a + "/withdraw", "{\"amount_cents\":100}")));
        answers.add(
                ok(http.patch("/accounts/" + a, "{\"description\":\"Savings\",\"metadata\":{\"branch\":\"042\"}}")));
        answers.add(ok(http.put("/accounts/" + b + "/overdraft-limit", "{\"overdraft_limit_cents\":700}")));
        var transferred = ok(http.post("/transfers", transfer(a, b, 300, "")));
        answers.add(transferred);
        String reversed = transferred.json().get("correlation_id").stringValue();
        answers.add(ok(http.post(
                "/transfers/" + reversed + "/reverse", "{\"amount_cents\":100,\"metadata\":{\"rma\":\"R-1\"}}")));
        answers.add(ok(http.post("/accounts/" + c + "/freeze", "{\"reason\":\"review\",\"direction\":\"credits\"}")));
        answers.add(http.post("/transfers", transfer(a, c, 200, ""))); // refused at the credit, refunded
        answers.add(ok(http.post("/accounts/" + c + "/unfreeze", "")));
        String posted = reserve(http, a, b, 1_000, answers);
        answers.add(ok(http.post("/transfers/" + posted + "/post", "{\"amount_cents\":400}")));
        String voided = reserve(http, a, b, 100, answers);
        answers.add(ok(http.post("/transfers/" + voided + "/void", "")));
        var expiring = http.post("/transfers", transfer(a, b, 50, ",\"pending\":true,\"timeout_seconds\":1"));
        String expired = expiring.json().get("correlation_id").stringValue();
        await(
                "expired",
                Duration.ofSeconds(20),
                () -> http.get("/transfers/" + expired)
                        .json()
                        .get("status")
                        .stringValue()
                        .equals("EXPIRED"));
        answers.add(ok(http.post("/accounts/" + c + "/close", "")));
        answers.add(http.get("/accounts/000000/balance")); // a problem: 404
        answers.add(http.post("/accounts/" + a + "/deposit", "{\"amount_cents\":-1}")); // a problem: 422
        var hook = http.post(
                "/admin/webhooks",
                "{\"url\":\"http://127.0.0.1:9/x\",\"event_types\":[\"money.deposited\"],\"after\":0}");
        answers.add(ok(hook));
        String hookId = hook.json().get("webhook").get("id").stringValue();
        for (String account : List.of(a, b, c)) {
            for (String route : List.of("/balance", "/balance?as_of=" + Instant.now(), "/transactions", "/events")) {
                answers.add(ok(http.get("/accounts/" + account + route)));
            }
            answers.add(ok(http.get("/accounts/" + account + "/reservations")));
        }
        answers.add(ok(http.get("/accounts?limit=2")));
        answers.add(ok(http.get("/accounts/" + a)));
        answers.add(ok(http.get("/transfers?account_number=" + a + "&limit=5")));
        answers.add(ok(http.get("/accounts/" + a + "/statement?from="
                + Instant.now().minusSeconds(3600) + "&to=" + Instant.now().plusSeconds(60))));
        answers.add(ok(http.get("/accounts/" + a + "/transactions?entry_type=TRANSFER_OUT,TRANSFER_REFUND&from="
                + Instant.now().minusSeconds(3600) + "&limit=2")));
        for (String id : List.of(posted, voided, expired, reversed)) {
            answers.add(ok(http.get("/transfers/" + id)));
        }
        for (String route : List.of(
                "/admin/stats",
                "/admin/processors",
                "/admin/audit",
                "/admin/audit/last",
                "/admin/webhooks",
                "/admin/webhooks/" + hookId + "/deliveries",
                "/admin/api-keys")) {
            answers.add(ok(http.get(route)));
        }

        var problems = new ArrayList<String>();
        for (Response answer : answers) {
            problems.addAll(Vocabulary.ofJson(answer.toString(), answer.json()));
        }
        List<JsonNode> events = new ArrayList<>();
        http.get("/events?limit=1000&after=" + start).json().get("events").forEach(events::add);
        var types = new TreeSet<String>();
        for (JsonNode event : events) {
            String type = event.get("type").stringValue();
            types.add(type);
            problems.addAll(Vocabulary.ofJson(type + "@" + event.get("position"), event));
            if (type.equals("reservation.released")) {
                problems.addAll(Vocabulary.ofEnumeration(
                        type + ".data.reason", event.get("data").get("reason").stringValue()));
            }
        }
        assertThat(problems).isEmpty();
        var expected = new TreeSet<>(EventTypes.published());
        expected.removeAll(RACES_ONLY);
        assertThat(types).containsAll(expected);
    }

    private static Response ok(Response response) {
        assertThat(response.status()).as(response.toString()).isBetween(200, 299);
        return response;
    }

    private static String transfer(String from, String to, long amount, String extra) {
        return "{\"from_account_number\":\"" + from + "\",\"to_account_number\":\"" + to + "\",\"amount_cents\":"
                + amount + extra + "}";
    }

    private static String reserve(Http http, String from, String to, long amount, List<Response> answers) {
        var reserved = ok(http.post("/transfers", transfer(from, to, amount, ",\"pending\":true")));
        answers.add(reserved);
        return reserved.json().get("correlation_id").stringValue();
    }
}
