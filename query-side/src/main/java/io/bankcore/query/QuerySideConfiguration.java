package io.bankcore.query;

import io.bankcore.query.audit.AccountHistory;
import io.bankcore.query.audit.LedgerAudit;
import io.bankcore.query.lookup.AccountSearch;
import io.bankcore.query.lookup.Statements;
import io.bankcore.query.lookup.TransferSearch;
import javax.sql.DataSource;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** Wires the read side: the projection, its read model, the query handlers and the account history. */
@Configuration(proxyBeanMethods = false)
public class QuerySideConfiguration {

    @Bean
    ProjectionProgress projectionProgress(ProjectionMode mode) {
        return new ProjectionProgress(mode);
    }

    @Bean
    ProjectionMode projectionMode(EventProcessingConfiguration processing) {
        return new ProjectionMode(processing);
    }

    @Bean
    LiveTablesGate liveTablesGate() {
        return new LiveTablesGate();
    }

    @Bean
    AccountProjection accountProjection(JdbcTemplate jdbc, ProjectionProgress progress, LiveTablesGate gate) {
        return new AccountProjection(jdbc, progress, gate);
    }

    @Bean
    AccountReadModel accountReadModel(JdbcTemplate jdbc, ProjectionProgress progress, ProjectionMode mode) {
        return new AccountReadModel(jdbc, progress, mode);
    }

    @Bean
    TransferProjection transferProjection(JdbcTemplate jdbc, ProjectionProgress progress, LiveTablesGate gate) {
        return new TransferProjection(jdbc, progress, gate);
    }

    @Bean
    TransferReadModel transferReadModel(JdbcTemplate jdbc, ProjectionProgress progress) {
        return new TransferReadModel(jdbc, progress);
    }

    @Bean
    AccountQueryHandler accountQueryHandler(AccountReadModel readModel, TransferReadModel transfers) {
        return new AccountQueryHandler(readModel, transfers);
    }

    @Bean
    AccountSearch accountSearch(JdbcTemplate jdbc) {
        return new AccountSearch(jdbc);
    }

    @Bean
    TransferSearch transferSearch(JdbcTemplate jdbc) {
        return new TransferSearch(jdbc);
    }

    @Bean
    Statements statements(DataSource dataSource) {
        return new Statements(dataSource);
    }

    @Bean
    AccountHistory accountHistory(EventStore eventStore) {
        return new AccountHistory(eventStore);
    }

    @Bean
    LedgerAudit ledgerAudit(
            DataSource dataSource, @Qualifier("eventSerializer") Serializer eventSerializer, ProjectionMode mode) {
        return new LedgerAudit(dataSource, eventSerializer, mode);
    }
}
