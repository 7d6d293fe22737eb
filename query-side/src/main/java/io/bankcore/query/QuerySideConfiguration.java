package io.bankcore.query;

import io.bankcore.query.audit.AccountHistory;
import io.bankcore.query.audit.LedgerAudit;
import io.bankcore.query.lookup.AccountSearch;
import io.bankcore.query.lookup.Statements;
import io.bankcore.query.lookup.TransferSearch;
import io.bankcore.query.tables.HeldWrites;
import javax.sql.DataSource;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

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

    /** The live read tables' writes that a batch of the write pipeline keeps back until its end. */
    @Bean
    HeldWrites heldReadTableWrites(JdbcTemplate jdbc) {
        return new HeldWrites(jdbc);
    }

    @Bean
    AccountProjection accountProjection(
            JdbcTemplate jdbc, ProjectionProgress progress, LiveTablesGate gate, HeldWrites held) {
        return new AccountProjection(jdbc, progress, gate, held);
    }

    @Bean
    AccountReadModel accountReadModel(
            JdbcTemplate jdbc, ProjectionProgress progress, ProjectionMode mode, HeldWrites held) {
        return new AccountReadModel(held.reading(jdbc), progress, mode);
    }

    @Bean
    TransferProjection transferProjection(
            JdbcTemplate jdbc, ProjectionProgress progress, LiveTablesGate gate, HeldWrites held) {
        return new TransferProjection(jdbc, progress, gate, held);
    }

    @Bean
    TransferReadModel transferReadModel(JdbcTemplate jdbc, ProjectionProgress progress, HeldWrites held) {
        return new TransferReadModel(held.reading(jdbc), progress);
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
            DataSource dataSource,
            PlatformTransactionManager transactions,
            EventStore eventStore,
            ProjectionMode mode,
            EventProcessingConfiguration processing) {
        return new LedgerAudit(dataSource, transactions, eventStore, mode, processing);
    }
}
