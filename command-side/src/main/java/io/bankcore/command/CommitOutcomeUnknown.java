package io.bankcore.command;

/**
 * The connection was lost while the write's transaction committed: the database may or may not have
 * kept it, and this instance cannot tell. Sending it again is safe only under the same idempotency
 * key (or after checking the account).
 */
public class CommitOutcomeUnknown extends RuntimeException {

    public CommitOutcomeUnknown(Throwable cause) {
        super("the connection was lost while the write committed; its outcome is unknown", cause);
    }
}
