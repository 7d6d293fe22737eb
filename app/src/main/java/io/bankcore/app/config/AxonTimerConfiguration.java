package io.bankcore.app.config;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import java.util.List;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Axon's message timers without their client-side percentiles. Axon gives each of its timers six
 * percentiles, each kept in a ring of rotating histograms that every message's time is recorded into:
 * on the write pipeline's thread, which handles every command and every event of every subscribing
 * processor in turn, the percentile histograms of these timers were 13 % of its CPU samples (a JFR
 * profile under transfers). What remains of each timer ({@code _count}, {@code _sum}, {@code _max}) is
 * what Prometheus aggregates across instances anyway; {@code bankcore.metrics.axon-percentiles: true}
 * restores them.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MetricsProperties.class)
public class AxonTimerConfiguration {

    /** The prefixes of the meters Axon's Micrometer module registers for its buses, store and processors. */
    static final List<String> AXON_METERS = List.of("commandBus", "eventProcessor", "eventStore", "queryBus");

    @Bean
    MeterFilter axonTimersWithoutPercentiles(MetricsProperties metrics) {
        boolean keep = metrics.axonPercentiles();
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (keep || id.getType() != Meter.Type.TIMER || !isAxon(id.getName())) {
                    return config;
                }
                return DistributionStatisticConfig.builder()
                        .percentiles()
                        .percentilesHistogram(false)
                        .build()
                        .merge(config);
            }
        };
    }

    static boolean isAxon(String meterName) {
        return AXON_METERS.stream().anyMatch(meterName::startsWith);
    }
}
