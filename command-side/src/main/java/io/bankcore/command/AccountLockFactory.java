package io.bankcore.command;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.lock.Lock;
import org.axonframework.common.lock.LockFactory;
import org.axonframework.common.lock.PessimisticLockFactory;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * An account's lock, for as long as the unit of work that loaded the account: this JVM's lock (Axon's
 * pessimistic lock, which also detects cycles), then, on PostgreSQL, a transaction-scoped advisory lock
 * on the account number, which instances sharing the database queue on.
 *
 * <p>Why the database lock: a transfer writes two accounts in one transaction. Without it, two
 * instances moving money between the same two accounts in opposite directions each append to one
 * account and wait for the other's unique key: a database deadlock, found only after PostgreSQL's
 * {@code deadlock_timeout} (1 s), while every request behind either account waits too. With it, every
 * multi-account transaction takes its accounts' locks in one order (a transfer loads its accounts
 * sorted by number, see the transfer request handler), before it writes anything, so no cycle can
 * form; and a single-account command no longer waits on another instance's unique key either.
 * Taken after the JVM lock, always, so the two kinds can never wait on each other in a cycle.
 *
 * <p>An account this instance recently lost a race on ({@link Contention}), or whose cached copy is
 * behind the event store, is dropped from the cache once its locks are held, so the repository loads
 * what the other instance committed, rather than deciding on a stale copy: an append from it would
 * fail and be retried, over and over on a busy account, and a refusal from it would simply be wrong.
 */
public class AccountLockFactory implements LockFactory {

    /** The advisory lock's first key: the space of account locks ("bank" in ASCII). */
    static final int LOCK_SPACE = 0x62616e6b;

    private static final String HELD = AccountLockFactory.class.getName() + ".held";

    private final LockFactory local;
    private final JdbcTemplate jdbc;
    private final boolean databaseLocks;
    private final Cache accounts;
    private final Contention contention;
    private final ThreadLocal<Batch> batch = new ThreadLocal<>();

    public AccountLockFactory(JdbcTemplate jdbc, boolean databaseLocks, Cache accounts, Contention contention) {
        this(PessimisticLockFactory.usingDefaults(), jdbc, databaseLocks, accounts, contention);
    }

    AccountLockFactory(
            LockFactory local, JdbcTemplate jdbc, boolean databaseLocks, Cache accounts, Contention contention) {
        this.local = local;
        this.jdbc = jdbc;
        this.databaseLocks = databaseLocks;
        this.accounts = accounts;
        this.contention = contention;
    }

    @Override
    public Lock obtainLock(String accountNumber) {
        Lock lock = local.obtainLock(accountNumber);
        var open = batch.get();
        try {
            lockInDatabase(accountNumber, open);
        } catch (RuntimeException failed) {
            lock.release();
            throw failed;
        }
        if (open != null) {
            // Kept to the batch's end: the unit of work that loaded the account ends before the commit.
            open.held.add(lock);
            return HELD_BY_BATCH;
        }
        return lock;
    }

    /** A lock whose release is the batch's, at its end. */
    private static final Lock HELD_BY_BATCH = new Lock() {
        @Override
        public void release() {}

        @Override
        public boolean isHeld() {
            return true;
        }
    };

    /**
     * Opens a batch on this thread (the write pipeline's): until {@link Batch#close}, every account lock
     * taken here is held to the batch's end, whatever unit of work took it, and each account's database
     * lock is taken once in the batch's transaction.
     */
    public Batch openBatch() {
        if (batch.get() != null) {
            throw new IllegalStateException("a batch is open on this thread already");
        }
        var opened = new Batch();
        batch.set(opened);
        return opened;
    }

    /** The locks of one batch of writes, released together when it ends. */
    public final class Batch implements AutoCloseable {
        private final List<Lock> held = new ArrayList<>();
        private final Set<String> inDatabase = new HashSet<>();

        private Batch() {}

        /**
         * Locks the accounts, in the order given (sorted by the caller, the same order everywhere, so
         * that two batches can never each hold an account the other waits for): this JVM's locks one by
         * one, the database's in one statement, then one query for the accounts' versions in the store,
         * after which a cached copy that is behind (another instance wrote the account) is dropped.
         */
        public void lockAll(Collection<String> accountNumbers) {
            for (String number : accountNumbers) {
                held.add(local.obtainLock(number));
            }
            if (!databaseLocks || !TransactionSynchronizationManager.isActualTransactionActive()) {
                return;
            }
            var pending = new ArrayList<String>();
            for (String number : accountNumbers) {
                if (inDatabase.add(number)) {
                    pending.add(number);
                }
            }
            if (pending.isEmpty()) {
                return;
            }
            String[] numbers = pending.toArray(String[]::new);
            jdbc.query(
                    "SELECT pg_advisory_xact_lock(?, hashtext(n)) FROM unnest(?::text[]) AS n",
                    rs -> {},
                    LOCK_SPACE,
                    numbers);
            // A statement of its own: its snapshot is taken once the locks are held.
            Map<String, Long> stored = new HashMap<>();
            // One index probe per account (the newest entry of its stream): a GROUP BY over
            // "= ANY(...)" would read every event of the accounts, 20 ms for a history of 100,000.
            jdbc.query(
                    "SELECT n, (SELECT max(sequence_number) FROM domain_event_entry"
                            + " WHERE aggregate_identifier = n) FROM unnest(?::text[]) AS n",
                    rs -> {
                        long sequence = rs.getLong(2);
                        if (!rs.wasNull()) {
                            stored.put(rs.getString(1), sequence);
                        }
                    },
                    (Object) numbers);
            for (String number : pending) {
                if (contention.recent(number) || stale(number, stored.get(number))) {
                    accounts.remove(number);
                }
            }
        }

        @Override
        public void close() {
            batch.remove();
            for (int i = held.size() - 1; i >= 0; i--) {
                held.get(i).release();
            }
            held.clear();
        }
    }

    /**
     * Whether the cached copy misses events another instance appended. Asked once the account's lock is
     * held, so no other writer can append before this unit of work ends: a current copy stays current.
     * A stale copy would fail its own append (and be retried), but a refusal or a no-op appends nothing,
     * and would be answered from the stale copy: a withdrawal refused for money deposited elsewhere, an
     * unfreeze answered "not frozen" for a freeze made elsewhere.
     */
    private boolean behindTheStore(String accountNumber) {
        if (!(accounts instanceof BoundedAggregateCache)) {
            return false;
        }
        if (((BoundedAggregateCache) accounts).version(accountNumber) == null) {
            return false; // not cached: it is loaded from the store anyway
        }
        Long stored = jdbc.queryForObject(
                "SELECT max(sequence_number) FROM domain_event_entry WHERE aggregate_identifier = ?",
                Long.class,
                accountNumber);
        return stale(accountNumber, stored);
    }

    /**
     * Whether the cached copy differs from the store's: behind it (another instance appended), or ahead
     * of it (a batch that staged the copy's events rolled back).
     */
    private boolean stale(String accountNumber, Long stored) {
        if (!(accounts instanceof BoundedAggregateCache cache)) {
            return false;
        }
        Long cached = cache.version(accountNumber);
        return cached != null && !cached.equals(stored);
    }

    private void lockInDatabase(String accountNumber, Batch open) {
        if (!databaseLocks
                || !TransactionSynchronizationManager.isActualTransactionActive()
                || (open == null && !CurrentUnitOfWork.isStarted())) {
            return;
        }
        // Held until the transaction ends; taken once per transaction, however often the account is loaded.
        Set<String> held = open != null
                ? open.inDatabase
                : CurrentUnitOfWork.get().root().getOrComputeResource(HELD, key -> new HashSet<>());
        if (held.add(accountNumber)) {
            jdbc.query("SELECT pg_advisory_xact_lock(?, hashtext(?))", rs -> {}, LOCK_SPACE, accountNumber);
            if (contention.recent(accountNumber) || behindTheStore(accountNumber)) {
                // Another instance writes this account too: what it committed while we waited for the
                // lock is in the store, not in our cache. Loaded afresh, the decision cannot go stale.
                accounts.remove(accountNumber);
            }
        }
    }
}
