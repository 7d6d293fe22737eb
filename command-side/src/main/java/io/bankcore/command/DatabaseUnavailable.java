package io.bankcore.command;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * The database could not be reached, or the connection was lost, before the write's transaction
 * committed: nothing of it was kept, and sending it again is safe.
 */
public class DatabaseUnavailable extends RuntimeException {

    public DatabaseUnavailable(Throwable cause) {
        super("the database could not be reached; nothing was done", cause);
    }

    /**
     * Whether a failed commit leaves its outcome unknown: the connection was lost or closed under it,
     * the server ended the session, or the rollback after it failed too (Spring then reports that
     * instead). A commit the database refused with an error of its own (a serialization failure, a
     * constraint checked at commit), or one Spring rolled back before sending it (rollback-only), did
     * certainly not happen.
     */
    public static boolean outcomeUnknown(Throwable commitFailure) {
        if (isConnectionFailure(commitFailure)) {
            return true;
        }
        for (Throwable t = commitFailure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof org.springframework.transaction.TransactionSystemException) {
                return true;
            }
            if (t instanceof SQLException sql) {
                return sql.getSQLState() == null;
            }
        }
        return false;
    }

    /**
     * Whether the failure is the database's absence rather than a fault of the write: no connection
     * (refused, none in the pool's time), or a connection lost (SQL state class 08; 57P01-57P03: the
     * server shutting down or starting, as in a restart or a failover).
     */
    public static boolean isConnectionFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof CannotGetJdbcConnectionException
                    || t instanceof CannotCreateTransactionException
                    || t instanceof SQLTransientConnectionException
                    || t instanceof SQLRecoverableException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")) {
                    return true;
                }
            }
        }
        return false;
    }
}
