package io.bankcore.app.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.bankcore.query.replay.ReplayProcessor;
import java.util.Map;
import org.axonframework.axonserver.connector.AxonServerConfiguration;
import org.axonframework.axonserver.connector.AxonServerConnectionManager;
import org.axonframework.axonserver.connector.command.AxonServerCommandBus;
import org.axonframework.axonserver.connector.event.axon.AxonServerEventStore;
import org.axonframework.axonserver.connector.query.AxonServerQueryBus;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.queryhandling.QueryBus;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.info.InfoEndpoint;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.LifecycleProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.support.DefaultLifecycleProcessor;
import org.springframework.test.context.ActiveProfiles;

/**
 * The {@code axonserver} profile's configuration, loaded without ever connecting: every bean is built,
 * but no lifecycle is started (a lifecycle processor that does not auto-start), and the connector's
 * connections are created lazily, on the first start of a bus or processor. So this checks the wiring
 * (Axon Server buses and event store, our JDBC event store stepped aside, the servers from the profile)
 * and then that the connector holds no connection at all.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {
            "bankcore.auth=none",
            "spring.datasource.url=jdbc:h2:mem:axonserverprofile;DB_CLOSE_DELAY=-1",
            // If anything dialled anyway, it would find nothing there rather than a real server.
            "AXONSERVER_SERVERS=127.0.0.1:1"
        })
@ActiveProfiles("axonserver")
class AxonServerProfileTest {

    @TestConfiguration
    static class NoAutoStart {
        /** Spring starts SmartLifecycle beans (Axon's start-up, which opens the connections) through this bean. */
        @Bean(name = "lifecycleProcessor")
        static LifecycleProcessor lifecycleProcessor() {
            return new DefaultLifecycleProcessor() {
                @Override
                public void onRefresh() {
                    // no auto-start: nothing connects
                }

                @Override
                public void onRestart() {
                    // the test framework restarts a paused cached context between test classes
                }
            };
        }
    }

    @Autowired
    ApplicationContext context;

    @Autowired
    CommandBus commandBus;

    @Autowired
    QueryBus queryBus;

    @Autowired
    EventStore eventStore;

    @Autowired
    AxonServerConnectionManager connectionManager;

    @Autowired
    AxonServerConfiguration axonServer;

    @Test
    void commands_events_and_queries_go_through_axon_server() {
        assertThat(commandBus).isInstanceOf(AxonServerCommandBus.class);
        assertThat(queryBus).isInstanceOf(AxonServerQueryBus.class);
        assertThat(eventStore).isInstanceOf(AxonServerEventStore.class);
    }

    @Test
    void the_write_pipeline_steps_aside() {
        assertThat(context.getBean(io.bankcore.command.WritePipeline.class)
                        .settings()
                        .enabled())
                .isFalse();
    }

    @Test
    void the_jdbc_event_store_steps_aside() {
        assertThat(context.getBeansOfType(EventStorageEngine.class).values())
                .noneMatch(engine -> engine.getClass().getName().contains("Jdbc"));
        assertThat(context.getBean(EventStoreHead.class)).isInstanceOf(EventStoreHead.Streamable.class);
    }

    /** The replay cannot read the database's event table here: it goes through Axon's, a processor reset to the start. */
    @Test
    void the_replay_goes_through_the_replay_processor_which_never_starts_by_itself() {
        var processing = context.getBean(EventProcessingConfiguration.class);
        var replay = processing.eventProcessor(ReplayProcessor.NAME, TrackingEventProcessor.class);
        assertThat(replay).isPresent();
        assertThat(replay.get().isRunning()).isFalse();
        assertThat(context.getEnvironment().getProperty("bankcore.replay.source"))
                .isEqualTo("event-store");
    }

    @Test
    void servers_come_from_the_environment_and_the_connector_holds_no_connection() {
        assertThat(axonServer.isEnabled()).isTrue();
        assertThat(axonServer.getServers()).isEqualTo("127.0.0.1:1");
        assertThat(connectionManager.connections()).isEmpty();
    }

    /** Every event reaches every streaming processor, so its token follows the head (see the profile). */
    @Test
    void axon_server_sends_processors_every_event_type() {
        assertThat(axonServer.isEventBlockListingEnabled()).isFalse();
    }

    @Test
    void info_names_axon_server_as_the_event_store() {
        @SuppressWarnings("unchecked")
        var bankcore =
                (Map<String, Object>) context.getBean(InfoEndpoint.class).info().get("bankcore");
        @SuppressWarnings("unchecked")
        var store = (Map<String, Object>) bankcore.get("store");
        assertThat(store).containsEntry("event_store", "axon-server").containsEntry("axon_servers", "127.0.0.1:1");
        assertThat(String.valueOf(bankcore.get("profiles"))).contains("axonserver");
    }
}
