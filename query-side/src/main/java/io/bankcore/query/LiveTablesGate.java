package io.bankcore.query;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Lets the replay's switch on H2 hold off the writers of the live read tables in this JVM. Every unit
 * of work that writes them passes the gate once, on its first write, and leaves it when it ends (after
 * its commit or rollback); {@link #close(Duration)} waits for those inside to leave and keeps new ones
 * out until {@link #open()}. PostgreSQL needs none of this: the switch locks the tables themselves,
 * which also stops the other instances.
 */
public final class LiveTablesGate {

    private static final String PASSED = LiveTablesGate.class.getName() + ".passed";

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

    /**
     * Called before a live write; outside a unit of work (tests, tools) it does nothing. Inside a
     * database transaction the writer stays inside until that transaction ends: a batch of the write
     * pipeline runs many units of work in one transaction, and its writes are uncommitted until then.
     */
    public void pass() {
        if (!CurrentUnitOfWork.isStarted()) {
            return;
        }
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            if (!TransactionSynchronizationManager.hasResource(this)) {
                lock.readLock().lock();
                TransactionSynchronizationManager.bindResource(this, Boolean.TRUE);
                TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                    @Override
                    public void afterCompletion(int status) {
                        TransactionSynchronizationManager.unbindResourceIfPossible(LiveTablesGate.this);
                        lock.readLock().unlock();
                    }
                });
            }
            return;
        }
        var root = CurrentUnitOfWork.get().root();
        root.getOrComputeResource(PASSED, key -> {
            lock.readLock().lock();
            root.onCleanup(u -> lock.readLock().unlock());
            return Boolean.TRUE;
        });
    }

    /** Waits for the writers inside to finish; true when the gate is closed (then {@link #open()} it). */
    public boolean close(Duration timeout) throws InterruptedException {
        return lock.writeLock().tryLock(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    public void open() {
        lock.writeLock().unlock();
    }
}
