package io.bankcore.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.bankcore.app.support.AccountNumbers;
import io.bankcore.app.support.Http;
import io.bankcore.app.support.PostgresDatabase;
import io.bankcore.app.support.StreamingProcessors;
import java.time.Duration;
import java.time.Instant;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.dbscheduler.DbSchedulerDeadlineManager;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A transfer that has not settled within the reply timeout answers 202 and can be polled. Only a saga on
 * a streaming processor (the axonserver profile's layout) can leave a request before it settles: by
 * default the transfer settles in the request's own transaction.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "bankcore.transfer-reply-timeout=0s")
@ActiveProfiles("postgres")
class PostgresTransferReplyTimeoutTest {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        PostgresDatabase.register(registry, "reply_timeout");
        StreamingProcessors.register(registry);
    }

    @LocalServerPort
    int port;

    @Autowired
    DeadlineManager deadlineManager;

    @Test
    void an_unsettled_transfer_answers_202_with_a_location_that_reaches_completed() throws Exception {
        var http = new Http(port);
        String from = AccountNumbers.fresh();
        String to = AccountNumbers.fresh();
        http.post("/accounts", "{\"account_number\":\"" + from + "\",\"initial_balance_cents\":1000}");
        http.post("/accounts", "{\"account_number\":\"" + to + "\"}");

        var accepted = http.post(
                "/transfers",
                "{\"from_account_number\":\"" + from + "\",\"to_account_number\":\"" + to + "\",\"amount_cents\":400}");

        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        String id = accepted.json().get("correlation_id").stringValue();
        assertThat(accepted.header("Location")).isEqualTo("/transfers/" + id);
        assertThat(accepted.json().get("status").stringValue()).isEqualTo("PENDING");

        JsonNode transfer = null;
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (Instant.now().isBefore(deadline)) {
            var polled = http.get(accepted.header("Location"));
            if (polled.status() == 200
                    && polled.json().get("status").stringValue().equals("COMPLETED")) {
                transfer = polled.json();
                break;
            }
            Thread.sleep(20);
        }
        assertThat(transfer).as("transfer completed within 20 s").isNotNull();
        assertThat(transfer.get("from_balance_cents").longValue()).isEqualTo(600);
        assertThat(transfer.get("to_balance_cents").longValue()).isEqualTo(400);
        assertThat(http.get("/accounts/" + to + "/balance")
                        .json()
                        .get("balance_cents")
                        .longValue())
                .isEqualTo(400);
    }

    @Test
    void a_transfer_answered_202_and_sent_again_with_its_key_answers_its_state_now_not_a_second_transfer()
            throws Exception {
        var http = new Http(port);
        String from = http.openAccount(1000);
        String to = http.openAccount(0);
        String body =
                "{\"from_account_number\":\"" + from + "\",\"to_account_number\":\"" + to + "\",\"amount_cents\":300}";
        String key = "transfer-" + from;
        var accepted = http.post("/transfers", body, java.util.Map.of("Idempotency-Key", key));
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        String id = accepted.json().get("correlation_id").stringValue();

        Http.Response again = null;
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (Instant.now().isBefore(deadline)) {
            again = http.post("/transfers", body, java.util.Map.of("Idempotency-Key", key));
            if (again.status() != 202) {
                break;
            }
            assertThat(again.json().get("correlation_id").stringValue()).isEqualTo(id);
            Thread.sleep(20);
        }
        assertThat(again.status()).as(again.toString()).isEqualTo(200);
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(again.json().get("correlation_id").stringValue()).isEqualTo(id);
        assertThat(again.json().get("from_balance_cents").longValue()).isEqualTo(700);
        assertThat(http.get("/accounts/" + from + "/balance")
                        .json()
                        .get("balance_cents")
                        .longValue())
                .isEqualTo(700);
        assertThat(http.get("/accounts/" + to + "/balance")
                        .json()
                        .get("balance_cents")
                        .longValue())
                .isEqualTo(300);
    }

    @Test
    void saga_deadlines_are_durable() {
        assertThat(deadlineManager).isInstanceOf(DbSchedulerDeadlineManager.class);
    }
}
