package io.bankcore.app.config;

import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;

/**
 * Tells the event store's unique key refusing an append (another writer took the aggregate's sequence
 * number): SQLSTATE {@code 23505}, unique_violation, which H2 and PostgreSQL both raise, anywhere in the
 * cause chain. Axon then reports a lost race (retried) or, at sequence 0, a taken aggregate id.
 */
final class DuplicateKeyResolver implements PersistenceExceptionResolver {

    static final String UNIQUE_VIOLATION = "23505";

    @Override
    public boolean isDuplicateKeyViolation(Exception exception) {
        for (Throwable t = exception; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLIntegrityConstraintViolationException) {
                return UNIQUE_VIOLATION.equals(((SQLException) t).getSQLState())
                        || ((SQLException) t).getSQLState() == null;
            }
            if (t instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
