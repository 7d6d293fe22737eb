package io.bankcore.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.bankcore.api.TransferCompletedEvent;
import io.bankcore.api.TransferCreditedEvent;
import io.bankcore.app.support.Await;
import io.bankcore.app.support.Http;
import io.bankcore.app.support.PostgresDatabase;
import io.bankcore.app.support.StreamingProcessors;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.config.ConfigurerModule;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A transfer that completes while its step deadline is firing, with the durable deadline scheduler on
 * PostgreSQL. The saga's steps go out after its commits here (the streaming processors' layout, as under
 * the axonserver profile), so a deadline watches them. Once the credit has landed, the deadline is
 * marked as being executed by another instance (db-scheduler's {@code picked}), as if it fired right
 * then, and the saga is handed the completion only after that: the scheduler then refuses to cancel it.
 * The completion must still end the saga, and the deadline, once it runs, must find nothing to do.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "bankcore.deadlines.polling-interval=100ms")
@ActiveProfiles("postgres")
@Import(PostgresDeadlineFiringTransferTest.FireOnCompletion.class)
class PostgresDeadlineFiringTransferTest {

    private static PostgresDatabase database;

    /** On: the next transfer's deadline fires between its credit and its completion. */
    static final AtomicBoolean FIRE = new AtomicBoolean();

    static final AtomicInteger FIRED = new AtomicInteger();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        database = PostgresDatabase.register(registry, "deadline_firing");
        StreamingProcessors.register(registry);
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class FireOnCompletion {
        @Bean
        ConfigurerModule fireDeadlineOnCompletion() {
            return configurer -> configurer.eventProcessing(processing -> processing.registerHandlerInterceptor(
                    "TransferSagaProcessor", configuration -> (unitOfWork, chain) -> {
                        // Every segment's worker sees every event (a saga's segment follows its own id), so
                        // the deadline is marked on the credit, and every worker holds the completion until
                        // it is: whichever worker holds the saga then meets a deadline that is firing.
                        Object payload = unitOfWork.getMessage().getPayload();
                        if (payload instanceof TransferCreditedEvent && FIRE.compareAndSet(true, false)) {
                            int marked = database.execute("update scheduled_tasks set picked = true,"
                                    + " picked_by = 'another-instance', last_heartbeat = now()");
                            // -1: the credit came, with no deadline to mark.
                            FIRED.set(marked == 0 ? -1 : marked);
                        }
                        if (payload instanceof TransferCompletedEvent) {
                            long until =
                                    System.nanoTime() + Duration.ofSeconds(10).toNanos();
                            while (FIRED.get() == 0 && System.nanoTime() < until) {
                                Thread.sleep(5);
                            }
                        }
                        return chain.proceed();
                    }));
        }
    }

    @LocalServerPort
    int port;

    @Test
    void a_transfer_completing_while_its_deadline_fires_ends_its_saga_and_the_deadline_then_does_nothing()
            throws Exception {
        var http = new Http(port);
        String from = http.openAccount(1_000);
        String to = http.openAccount(0);
        FIRE.set(true);
        var transfer = http.post(
                "/transfers",
                "{\"from_account_number\":\"" + from + "\",\"to_account_number\":\"" + to + "\",\"amount_cents\":400}");
        assertThat(transfer.status()).as(transfer.toString()).isIn(200, 202);
        String id = transfer.json().get("correlation_id").stringValue();

        // FIRED, not FIRE: the flag is cleared before the statement that marks the deadline has run.
        Await.await("the credit handed to the saga", Duration.ofSeconds(20), () -> FIRED.get() != 0);
        assertThat(FIRED.get())
                .as("the step deadline was scheduled, and is now firing")
                .isEqualTo(1);
        Await.await(
                "the saga ended despite the deadline it could not cancel",
                Duration.ofSeconds(20),
                () -> count("select count(*) from association_value_entry where association_value = '" + id + "'")
                        == 0);
        assertThat(count("select count(*) from scheduled_tasks where picked")).isEqualTo(1);

        // The other instance's execution now goes ahead: the deadline finds its saga ended.
        database.execute("update scheduled_tasks set picked = false, picked_by = null, execution_time = now()");
        Await.await(
                "the deadline ran and is gone",
                Duration.ofSeconds(20),
                () -> count("select count(*) from scheduled_tasks") == 0);

        assertThat(http.get("/transfers/" + id).json().get("status").stringValue())
                .isEqualTo("COMPLETED");
        assertThat(balance(from)).isEqualTo(600);
        assertThat(balance(to)).isEqualTo(400);
        assertThat(count("select count(*) from ledger_entry where correlation_id = '" + id + "'"))
                .as("one debit and one credit, nothing sent again")
                .isEqualTo(2);
        assertThat(count("select count(*) from saga_entry")).isZero();
    }

    private long balance(String account) {
        return new Http(port)
                .get("/accounts/" + account + "/balance")
                .json()
                .get("balance_cents")
                .longValue();
    }

    private static long count(String sql) {
        try {
            return database.queryLong(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
