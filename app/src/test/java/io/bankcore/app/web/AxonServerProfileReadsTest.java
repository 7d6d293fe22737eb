package io.bankcore.app.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bankcore.api.AccountOpenedEvent;
import io.bankcore.api.MoneyDepositedEvent;
import io.bankcore.domain.AccountNotFound;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.LifecycleProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.support.DefaultLifecycleProcessor;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

/**
 * The reads that must keep working under the {@code axonserver} profile while Axon Server is up: an
 * account's events ({@code GET /accounts/{n}/events}), its balance at an instant ({@code ?as_of=}) and
 * the processors' report ({@code GET /admin/processors}). The profile's configuration is loaded as in
 * {@code AxonServerProfileTest} (nothing started, nothing connects), with one change: the event store is
 * Axon's in-memory engine behind an {@link EmbeddedEventStore} instead of Axon Server's. The events are
 * only there, never in the database's {@code domain_event_entry} (which the H2 schema has, empty): a
 * route that read that table instead of going through Axon's event store API would find nothing.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {
            "bankcore.auth=none",
            "spring.datasource.url=jdbc:h2:mem:axonserverreads;DB_CLOSE_DELAY=-1",
            "AXONSERVER_SERVERS=127.0.0.1:1",
            "bankcore.node-id=reads-node"
        })
@ActiveProfiles("axonserver")
class AxonServerProfileReadsTest {

    private static final String ACCOUNT = "000001";
    private static final Instant T0 = Instant.parse("2026-01-12T21:13:49Z");

    @TestConfiguration
    static class InMemoryEventStore {

        /** As in AxonServerProfileTest: no lifecycle is started, so nothing dials Axon Server. */
        @Bean(name = "lifecycleProcessor")
        static LifecycleProcessor lifecycleProcessor() {
            return new DefaultLifecycleProcessor() {
                @Override
                public void onRefresh() {
                    // no auto-start
                }

                @Override
                public void onRestart() {
                    // the test framework restarts a paused cached context between test classes
                }
            };
        }

        /** Axon's auto-configuration builds Axon Server's event store only when there is none. */
        @Bean(destroyMethod = "shutDown")
        EventStore eventStore() {
            return EmbeddedEventStore.builder()
                    .storageEngine(new InMemoryEventStorageEngine())
                    .build();
        }
    }

    @Autowired
    EventStore eventStore;

    @Autowired
    AuditController audit;

    @Autowired
    AccountController accounts;

    @Autowired
    ProcessorController processors;

    @Autowired
    TokenStore tokenStore;

    @Autowired
    JdbcTemplate jdbc;

    /** Opened with 100 at T0, 10 deposited at T0 + 1 s: global positions 0 and 1 (once per context). */
    @BeforeEach
    void history() {
        if (eventStore.readEvents(ACCOUNT, 0L).hasNext()) {
            return;
        }
        eventStore.publish(List.of(
                new GenericDomainEventMessage<>(
                        "AccountAggregate",
                        ACCOUNT,
                        0,
                        new AccountOpenedEvent(ACCOUNT, UUID.randomUUID().toString(), "BRL", 100, 0),
                        java.util.Map.of(),
                        UUID.randomUUID().toString(),
                        T0),
                new GenericDomainEventMessage<>(
                        "AccountAggregate",
                        ACCOUNT,
                        1,
                        new MoneyDepositedEvent(ACCOUNT, 10, "BRL", 110),
                        java.util.Map.of(),
                        UUID.randomUUID().toString(),
                        T0.plusSeconds(1))));
    }

    @Test
    void the_event_store_is_not_the_database_table() {
        assertThat(eventStore).isInstanceOf(EmbeddedEventStore.class);
        assertThat(jdbc.queryForObject("select count(*) from domain_event_entry", Long.class))
                .isZero();
    }

    @Test
    void an_accounts_events_come_from_the_event_store_with_no_position() {
        var page = audit.events(ACCOUNT, null, null);

        assertThat(page.getStatusCode().value()).isEqualTo(200);
        var events = page.getBody();
        assertThat(events).hasSize(2);
        assertThat(events.get(0).get("type").asString()).isEqualTo("account.opened");
        assertThat(events.get(0).get("sequence_number").asLong()).isZero();
        assertThat(events.get(0).get("position").isNull()).isTrue();
        assertThat(events.get(0).get("data").get("initial_balance_cents").asLong())
                .isEqualTo(100);
        assertThat(events.get(1).get("type").asString()).isEqualTo("money.deposited");
        assertThat(events.get(1).get("sequence_number").asLong()).isEqualTo(1);

        var firstOnly = audit.events(ACCOUNT, "1", null);
        assertThat(firstOnly.getBody()).hasSize(1);
        assertThat(firstOnly.getHeaders().getFirst("Link")).contains("cursor=1");

        assertThatThrownBy(() -> audit.events("000009", null, null)).isInstanceOf(AccountNotFound.class);
    }

    @Test
    void the_balance_at_an_instant_is_folded_from_the_event_store() {
        var between = (AuditController.BalanceAsOf) accounts.balance(ACCOUNT, "2026-01-12T21:13:49.500Z");
        assertThat(between.balanceCents()).isEqualTo(100);
        assertThat(between.asOf()).isEqualTo("2026-01-12T21:13:49.500Z");

        var after = (AuditController.BalanceAsOf) accounts.balance(ACCOUNT, "2026-01-12T21:14:00Z");
        assertThat(after.balanceCents()).isEqualTo(110);
        assertThat(after.status()).isEqualTo("ACTIVE");

        assertThatThrownBy(() -> accounts.balance(ACCOUNT, "2026-01-12T21:13:48Z"))
                .isInstanceOf(ApiProblem.class)
                .hasMessageContaining("did not exist at 2026-01-12T21:13:48Z");
        assertThatThrownBy(() -> accounts.balance("000009", "2026-01-12T21:14:00Z"))
                .isInstanceOf(AccountNotFound.class);
    }

    @Test
    void processor_lag_is_measured_against_the_event_stores_head() {
        var before = processors.processors();
        assertThat(before.head().globalIndex()).isEqualTo(1L);
        assertThat(before.head().timestamp()).isNull();
        assertThat(before.nodeId()).isEqualTo("reads-node");

        // a processor with two segments that has handled both events, as token_entry holds it
        if (tokenStore.fetchSegments("accounts").length == 0) {
            tokenStore.initializeTokenSegments("accounts", 2, new GlobalSequenceTrackingToken(1));
        }
        var report = processors.processors();
        var accountsProcessor = report.processors().stream()
                .filter(p -> p.name().equals("accounts"))
                .findFirst()
                .orElseThrow();
        assertThat(accountsProcessor.mode()).isEqualTo("TRACKING");
        assertThat(accountsProcessor.lagEvents()).isZero();
        assertThat(accountsProcessor.segments())
                .extracting(s -> s.segment() + "/" + s.of() + "@" + s.position() + " lag " + s.lagEvents())
                .containsExactly("0/2@1 lag 0", "1/2@1 lag 0");

        // one without any token yet: both events are ahead of it; no append times from this store
        var transfers = report.processors().stream()
                .filter(p -> p.name().equals("transfers"))
                .findFirst()
                .orElseThrow();
        assertThat(transfers.lagEvents()).isEqualTo(2);
        assertThat(transfers.lagMs()).isNull();
    }
}
