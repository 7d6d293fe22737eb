package io.bankcore.command;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.AggregateCacheEntry;

/**
 * A cache of loaded aggregates that holds at most {@code capacity} of them, evicting the least
 * recently used. Why not Axon's {@code WeakReferenceCache}: its entries go at the next garbage
 * collection, which under load comes every few hundred milliseconds, so nearly every command
 * reloaded its account (a snapshot and up to a hundred events, deserialized). Holding the entries
 * strongly makes a command on a busy account cost the same however long its history is.
 *
 * <p>Correctness does not depend on the cache: Axon evicts an aggregate whose unit of work rolled
 * back, and an aggregate changed by another instance fails its append on the event store's unique
 * key, which evicts it and is retried on a fresh load. A decision that appends nothing (a refusal, a
 * no-op) would not fail that way: {@link AccountLockFactory} compares a cached account's
 * {@link #version} with the store's once it holds the account's database lock.
 */
public class BoundedAggregateCache implements Cache {

    private final Map<Object, Object> entries;
    private final List<EntryListener> listeners = new CopyOnWriteArrayList<>();

    public BoundedAggregateCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.entries = new LinkedHashMap<>(Math.min(capacity, 1 << 16), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Object, Object> eldest) {
                if (size() > capacity) {
                    listeners.forEach(l -> l.onEntryExpired(eldest.getKey()));
                    return true;
                }
                return false;
            }
        };
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized <K, V> V get(K key) {
        var value = (V) entries.get(key);
        if (value != null) {
            listeners.forEach(l -> l.onEntryRead(key, value));
        }
        return value;
    }

    /** The sequence number of the last event of the cached aggregate, or null if it is not cached. */
    public synchronized Long version(Object key) {
        if (entries.get(key) instanceof AggregateCacheEntry<?> entry) {
            // An entry kept in memory holds its aggregate: handed back as it is, nothing else is used.
            var aggregate = entry.recreateAggregate(null, null, null);
            return aggregate == null ? null : aggregate.version();
        }
        return null;
    }

    /** Keys put on a thread while it tracks them (a write batch), to evict if the batch rolls back. */
    private final ThreadLocal<Set<Object>> tracked = new ThreadLocal<>();

    /**
     * Starts recording the keys this thread puts, until {@link Tracker#close}: what a batch of writes
     * cached before its commit must go if the commit does not happen.
     */
    public Tracker track() {
        var keys = new HashSet<Object>();
        tracked.set(keys);
        return new Tracker(keys);
    }

    /** The keys put by one thread since {@link #track}. */
    public final class Tracker implements AutoCloseable {
        private final Set<Object> keys;

        private Tracker(Set<Object> keys) {
            this.keys = keys;
        }

        /** Drops every entry put while tracking: their state was never committed. */
        public void evictAll() {
            keys.forEach(BoundedAggregateCache.this::remove);
            keys.clear();
        }

        @Override
        public void close() {
            tracked.remove();
        }
    }

    @Override
    public synchronized void put(Object key, Object value) {
        var tracking = tracked.get();
        if (tracking != null) {
            tracking.add(key);
        }
        var previous = entries.put(key, value);
        listeners.forEach(l -> {
            if (previous == null) {
                l.onEntryCreated(key, value);
            } else {
                l.onEntryUpdated(key, value);
            }
        });
    }

    @Override
    public synchronized boolean putIfAbsent(Object key, Object value) {
        if (entries.containsKey(key)) {
            return false;
        }
        put(key, value);
        return true;
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized <T> T computeIfAbsent(Object key, Supplier<T> valueSupplier) {
        var present = (T) entries.get(key);
        if (present != null) {
            return present;
        }
        var value = valueSupplier.get();
        put(key, value);
        return value;
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized <V> void computeIfPresent(Object key, UnaryOperator<V> update) {
        var present = (V) entries.get(key);
        if (present == null) {
            return;
        }
        var updated = update.apply(present);
        if (updated == null) {
            remove(key);
        } else {
            put(key, updated);
        }
    }

    @Override
    public synchronized boolean remove(Object key) {
        if (entries.remove(key) == null) {
            return false;
        }
        listeners.forEach(l -> l.onEntryRemoved(key));
        return true;
    }

    @Override
    public synchronized void removeAll() {
        var keys = List.copyOf(entries.keySet());
        entries.clear();
        keys.forEach(key -> listeners.forEach(l -> l.onEntryRemoved(key)));
    }

    @Override
    public synchronized boolean containsKey(Object key) {
        return entries.containsKey(key);
    }

    synchronized int size() {
        return entries.size();
    }

    @Override
    public Registration registerCacheEntryListener(EntryListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }
}
