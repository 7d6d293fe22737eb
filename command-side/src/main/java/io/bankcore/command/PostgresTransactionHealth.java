package io.bankcore.command;

import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DataSourceUtils;

/**
 * Whether the current Spring transaction's PostgreSQL connection is in the failed state: a statement
 * failed and the server will refuse everything until the transaction ends. The driver knows without a
 * round trip (it tracks the server's transaction status); asked by reflection so that the write side
 * needs the driver only at run time. Without it, a {@code SELECT 1} tells the same, at one round trip.
 */
final class PostgresTransactionHealth implements WritePipeline.TransactionHealth {

    private final DataSource dataSource;
    private final Class<?> baseConnection;
    private final Method transactionState;

    PostgresTransactionHealth(DataSource dataSource) {
        this.dataSource = dataSource;
        Class<?> type;
        Method state;
        try {
            type = Class.forName("org.postgresql.core.BaseConnection");
            state = type.getMethod("getTransactionState");
        } catch (ReflectiveOperationException | LinkageError absent) {
            type = null;
            state = null;
        }
        this.baseConnection = type;
        this.transactionState = state;
    }

    @Override
    public boolean failed() {
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            if (transactionState != null && connection.isWrapperFor(baseConnection)) {
                Object state = transactionState.invoke(connection.unwrap(baseConnection));
                return state instanceof Enum<?> e && e.name().equals("FAILED");
            }
            try (var probe = connection.createStatement()) {
                probe.execute("SELECT 1");
                return false;
            } catch (SQLException aborted) {
                return true;
            }
        } catch (SQLException | ReflectiveOperationException unknown) {
            return true;
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }
}
