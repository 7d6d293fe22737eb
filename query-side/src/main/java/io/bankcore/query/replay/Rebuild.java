package io.bankcore.query.replay;

/** How a replay rebuilds the read tables: from the event table directly, or through an Axon streaming processor. */
interface Rebuild {

    /** Before a run is recorded: fails (as the event store does) when the store cannot be read now. */
    default void preflight() {}

    /** Rebuilds the tables and puts them in place of the live ones; the live tables are unchanged if it fails. */
    void run(Run run) throws Exception;

    /** After a failure: whatever a run left behind (its new tables) goes. */
    void cleanUp();
}
