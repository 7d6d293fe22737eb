package io.bankcore.app.config;

import io.bankcore.command.WritePipeline;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The write pipeline's settings ({@code bankcore.pipeline.*}): whether it runs, its one writer, the
 * largest batch, how many requests may wait, how long a batch waits for a database that went away,
 * whether a request that finds it idle runs its own batch, and what a batch of several requests holds
 * back until its end (its event appends; its read-table writes and new transfers' leg claims), each of
 * which can be switched off to measure what it saves.
 */
@ConfigurationProperties("bankcore.pipeline")
public record PipelineProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("1") int writers,
        @DefaultValue("64") int maxBatch,
        @DefaultValue("512") int queueCapacity,
        @DefaultValue("5s") Duration databaseWait,
        @DefaultValue("true") boolean callerRuns,
        @DefaultValue("true") boolean batchAppends,
        @DefaultValue("true") boolean batchStatements) {

    /** What the pipeline itself is told (it checks them: one writer, sizes of at least 1). */
    public WritePipeline.Settings settings() {
        return new WritePipeline.Settings(enabled, writers, maxBatch, queueCapacity, databaseWait, callerRuns);
    }
}
