package io.bankcore.app.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * bankcore's own metric settings ({@code bankcore.metrics.*}): {@code axon-percentiles} keeps the
 * client-side percentiles of Axon's timers (see {@link AxonTimerConfiguration}).
 */
@ConfigurationProperties("bankcore.metrics")
public record MetricsProperties(@DefaultValue("false") boolean axonPercentiles) {}
