package io.bankcore.query;

import io.bankcore.query.audit.AccountHistory;
import io.bankcore.query.audit.LedgerAudit;
import javax.sql.DataSource;
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
    ProjectionProgress projectionProgress() {
        return new ProjectionProgress();
    }

    @Bean
    AccountProjection accountProjection(JdbcTemplate jdbc, ProjectionProgress progress) {
        return new AccountProjection(jdbc, progress);
    }

    @Bean
    AccountReadModel accountReadModel(JdbcTemplate jdbc, ProjectionProgress progress) {
        return new AccountReadModel(jdbc, progress);
    }

    @Bean
    TransferProjection transferProjection(JdbcTemplate jdbc, ProjectionProgress progress) {
        return new TransferProjection(jdbc, progress);
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
    AccountHistory accountHistory(EventStore eventStore) {
        return new AccountHistory(eventStore);
    }

    @Bean
    LedgerAudit ledgerAudit(DataSource dataSource, @Qualifier("eventSerializer") Serializer eventSerializer) {
        return new LedgerAudit(dataSource, eventSerializer);
    }
}
