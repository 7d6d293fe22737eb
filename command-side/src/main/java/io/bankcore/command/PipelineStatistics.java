package io.bankcore.command;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/** The counters behind {@link WritePipeline#snapshot}: bumped by the writers, read by anyone. */
final class PipelineStatistics {
    final AtomicLong committed = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final AtomicLong requests = new AtomicLong();
    final AtomicLong retries = new AtomicLong();
    final AtomicLong overloaded = new AtomicLong();
    final AtomicInteger largest = new AtomicInteger();
    final AtomicLongArray sizes = new AtomicLongArray(7);

    void batch(int requests, boolean ok) {
        if (!ok) {
            failed.incrementAndGet();
            return;
        }
        committed.incrementAndGet();
        this.requests.addAndGet(requests);
        largest.accumulateAndGet(requests, Math::max);
        sizes.incrementAndGet(Math.min(6, 31 - Integer.numberOfLeadingZeros(requests)));
    }

    WritePipeline.Snapshot snapshot(WritePipeline.Settings settings, int depth) {
        var buckets = new long[sizes.length()];
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = sizes.get(i);
        }
        return new WritePipeline.Snapshot(
                settings.enabled(),
                settings.writers(),
                settings.maxBatch(),
                depth,
                settings.queueCapacity(),
                committed.get(),
                failed.get(),
                requests.get(),
                retries.get(),
                overloaded.get(),
                largest.get(),
                buckets);
    }
}
