package io.bankcore.app.config;

import io.bankcore.command.transfer.NewTransfers;
import io.bankcore.command.transfer.TransferSaga;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Map;
import javax.sql.DataSource;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.UnitOfWorkAwareConnectionProviderWrapper;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.modelling.saga.repository.SagaStore;
import org.axonframework.modelling.saga.repository.jdbc.GenericSagaSqlSchema;
import org.axonframework.modelling.saga.repository.jdbc.JdbcSagaStore;
import org.axonframework.modelling.saga.repository.jdbc.SagaSchema;
import org.axonframework.modelling.saga.repository.jdbc.SagaSqlSchema;
import org.axonframework.serialization.Serializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The token and saga stores, with plain JDBC on the tables of {@code db/migration}. The token store
 * names this instance: instances sharing a database share the streaming processors' work by claiming
 * token segments under that name, so two instances must never share one: the default is Axon's
 * ({@code pid@host}), and {@code bankcore.node-id} overrides it.
 */
@Configuration(proxyBeanMethods = false)
public class TokenStoreConfiguration {

    @Bean
    TokenStore tokenStore(
            ConnectionProvider connectionProvider,
            Serializer serializer,
            @Value("${bankcore.node-id:}") String nodeId,
            @Value("${axon.eventhandling.tokenstore.claim-timeout:10s}") Duration claimTimeout) {
        return JdbcTokenStore.builder()
                .connectionProvider(connectionProvider)
                .serializer(serializer)
                .schema(TokenSchema.builder()
                        .setTokenTable("token_entry")
                        .setProcessorNameColumn("processor_name")
                        .setSegmentColumn("segment")
                        .setTokenColumn("token")
                        .setTokenTypeColumn("token_type")
                        .setTimestampColumn("timestamp")
                        .setOwnerColumn("owner")
                        .build())
                .contentType(byte[].class)
                .claimTimeout(claimTimeout)
                .nodeId(nodeId(nodeId))
                .build();
    }

    /**
     * Connections of the current Spring transaction (the command's, or the write pipeline's batch), so
     * every store writes in it. Within a Spring transaction the connection is Spring's alone to commit or
     * roll back: Axon's unit-of-work wrapper would roll the shared connection back when the unit of work
     * that first asked for it rolls back, undoing the writes of every other unit of work in a batch (a
     * refused deposit after committed ones). Outside one, a connection per unit of work, as Axon does.
     */
    @Bean
    ConnectionProvider connectionProvider(DataSource dataSource) {
        var spring = new SpringDataSourceConnectionProvider(dataSource);
        var perUnitOfWork = new UnitOfWorkAwareConnectionProviderWrapper(spring);
        return () -> TransactionSynchronizationManager.isActualTransactionActive()
                ? spring.getConnection()
                : perUnitOfWork.getConnection();
    }

    /** JDBC, behind a unit of work's memory for sagas that start and end within it (UnitOfWorkSagaStore). */
    @Bean
    SagaStore<Object> sagaStore(ConnectionProvider connectionProvider, Serializer serializer) {
        SagaStore<Object> jdbc = JdbcSagaStore.builder()
                .connectionProvider(connectionProvider)
                .sqlSchema(sagaSqlSchema())
                .serializer(serializer)
                .build();
        return new UnitOfWorkSagaStore(
                jdbc,
                Map.of(TransferSaga.class, "transferId"),
                association ->
                        association.getKey().equals("transferId") && NewTransfers.createdHere(association.getValue()));
    }

    static SagaSqlSchema sagaSqlSchema() {
        return new GenericSagaSqlSchema(SagaSchema.builder()
                .sagaEntryTable("saga_entry")
                .revisionColumn("revision")
                .serializedSagaColumn("serialized_saga")
                .associationValueEntryTable("association_value_entry")
                .associationKeyColumn("association_key")
                .associationValueColumn("association_value")
                .sagaIdColumn("saga_id")
                .sagaTypeColumn("saga_type")
                .build());
    }

    /** This instance's name in token claims: {@code bankcore.node-id}, or Axon's default ({@code pid@host}). */
    public static String nodeId(String configured) {
        return configured == null || configured.isBlank()
                ? ManagementFactory.getRuntimeMXBean().getName()
                : configured;
    }
}
