package io.bankcore.app.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What a batch of several requests of the write pipeline holds back until its end
 * ({@code bankcore.pipeline.*}): its event appends, and its read-table writes and new transfers' leg
 * claims. Each can be switched off, to measure what it saves.
 */
@ConfigurationProperties("bankcore.pipeline")
public record PipelineBatchingProperties(
        @DefaultValue("true") boolean batchAppends,
        @DefaultValue("true") boolean batchStatements) {}
