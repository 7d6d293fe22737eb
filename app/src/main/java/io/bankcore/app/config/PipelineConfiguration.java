package io.bankcore.app.config;

import io.bankcore.command.BatchedAppends;
import io.bankcore.command.WritePipeline;
import io.bankcore.command.port.out.TransferAccounts;
import io.bankcore.command.transfer.JdbcTransferLegs;
import io.bankcore.query.TransferReadModel;
import io.bankcore.query.tables.HeldWrites;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * The write pipeline's wiring in the app: what a batch keeps back until its end, its metrics (batch
 * sizes, retries of failed batches, time in the queue, its depth), and where it learns a pending
 * transfer's accounts before a post or void runs.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PipelineProperties.class)
public class PipelineConfiguration {

    /** The pipeline's settings, bound from {@code bankcore.pipeline.*} and checked when made. */
    @Bean
    WritePipeline.Settings writePipelineSettings(PipelineProperties pipeline) {
        return pipeline.settings();
    }

    /** From the transfer read model: a transfer it does not show yet has its accounts locked as loaded. */
    @Bean
    TransferAccounts transferAccounts(TransferReadModel transfers) {
        return transferId -> transfers
                .find(transferId)
                .map(t -> List.of(t.fromAccountNumber(), t.toAccountNumber()))
                .orElse(List.of());
    }

    /**
     * What a batch of several requests keeps back and sends before it commits: its event appends, as one
     * JDBC batch ({@link BatchedAppends}), then its writes to the read tables and its new transfers' leg
     * claims, one JDBC batch per kind of statement ({@link HeldWrites}). Each can be switched off, to
     * measure what it saves.
     */
    @Bean
    @Primary
    WritePipeline.BatchWrites batchWrites(
            ObjectProvider<BatchedAppends> appends, HeldWrites readTables, PipelineProperties batching) {
        var parts = new ArrayList<WritePipeline.BatchWrites>();
        var engine = appends.getIfAvailable();
        if (batching.batchAppends() && engine != null) {
            parts.add(engine);
        }
        if (batching.batchStatements()) {
            parts.add(new WritePipeline.BatchWrites() {
                @Override
                public void begin(int requests) {
                    readTables.begin(requests);
                }

                @Override
                public void flush() {
                    readTables.flush();
                }

                @Override
                public void end() {
                    readTables.end();
                }
            });
        }
        return new WritePipeline.BatchWrites() {
            @Override
            public void begin(int requests) {
                parts.forEach(part -> part.begin(requests));
            }

            @Override
            public void flush() {
                parts.forEach(WritePipeline.BatchWrites::flush);
            }

            @Override
            public void end() {
                parts.forEach(WritePipeline.BatchWrites::end);
            }
        };
    }

    /** A new transfer's leg claims, held back with the batch's other statements (see {@link HeldWrites}). */
    @Bean
    JdbcTransferLegs.Deferral legClaims(HeldWrites held) {
        return (sql, arguments) -> held.hold(sql, null, true, arguments);
    }

    @Bean
    WritePipeline.Observer pipelineMetrics(MeterRegistry registry) {
        DistributionSummary sizes = DistributionSummary.builder("bankcore.pipeline.batch.size")
                .description("requests per batch (one database transaction)")
                .baseUnit("requests")
                .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128)
                .register(registry);
        Counter committed = Counter.builder("bankcore.pipeline.batches")
                .tag("outcome", "committed")
                .description("batches run, by outcome")
                .register(registry);
        Counter failed = Counter.builder("bankcore.pipeline.batches")
                .tag("outcome", "failed")
                .description("batches run, by outcome")
                .register(registry);
        Counter splits = Counter.builder("bankcore.pipeline.batch.retries")
                .description("failed batches run again in halves")
                .register(registry);
        Counter overloaded = Counter.builder("bankcore.pipeline.overloaded")
                .description("writes refused with 503 OVERLOADED: the queue was full")
                .register(registry);
        Timer queued = Timer.builder("bankcore.pipeline.queue.time")
                .description("time a write waited for a writer")
                .publishPercentiles(0.5, 0.99)
                .register(registry);
        Timer batchTime = Timer.builder("bankcore.pipeline.batch.time")
                .description("time a writer spent on one batch, its commit included")
                .publishPercentiles(0.5, 0.99)
                .register(registry);
        return new WritePipeline.Observer() {
            @Override
            public void batch(int requests, boolean ok, long nanos) {
                sizes.record(requests);
                (ok ? committed : failed).increment();
                batchTime.record(nanos, TimeUnit.NANOSECONDS);
            }

            @Override
            public void queued(long waitedNanos) {
                queued.record(waitedNanos, TimeUnit.NANOSECONDS);
            }

            @Override
            public void split(int requests) {
                splits.increment();
            }

            @Override
            public void overloaded() {
                overloaded.increment();
            }
        };
    }

    @Bean
    MeterBinder pipelineDepth(WritePipeline pipeline) {
        return registry -> Gauge.builder("bankcore.pipeline.queue.depth", pipeline, WritePipeline::depth)
                .description("writes waiting for a writer")
                .register(registry);
    }
}
