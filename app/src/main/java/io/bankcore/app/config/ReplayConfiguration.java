package io.bankcore.app.config;

import io.bankcore.query.LiveTablesGate;
import io.bankcore.query.replay.ReadModelReplay;
import io.bankcore.query.replay.ReplayRuns;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.sql.DataSource;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** The read models' replay: one background thread per instance; the lock in the database allows one run at a time. */
@Configuration(proxyBeanMethods = false)
class ReplayConfiguration {

    @Bean
    ReplayRuns replayRuns(JdbcTemplate jdbc) {
        return new ReplayRuns(jdbc, Clock.systemUTC());
    }

    @Bean(destroyMethod = "shutdownNow")
    ExecutorService replayExecutor() {
        return Executors.newSingleThreadExecutor(runnable -> {
            var thread = new Thread(runnable, "replay");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Bean
    ReadModelReplay readModelReplay(
            DataSource dataSource,
            @Qualifier("eventSerializer") Serializer eventSerializer,
            EventProcessingConfiguration processors,
            LiveTablesGate gate,
            ReplayRuns runs,
            ExecutorService replayExecutor,
            @Value("${bankcore.node-id:}") String nodeId) {
        return new ReadModelReplay(
                dataSource,
                eventSerializer,
                processors,
                gate,
                runs,
                replayExecutor,
                TokenStoreConfiguration.nodeId(nodeId),
                Clock.systemUTC());
    }
}
