package io.bankcore.app.webhooks;

import io.bankcore.app.events.DeliveryTracing;
import io.bankcore.app.events.EventLog;
import io.bankcore.app.events.SinkCursors;
import io.bankcore.app.events.SinkRunner;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** Webhook endpoints ({@code bankcore.webhooks.*}); their delivery starts once the application is ready. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "axon.axonserver.enabled", havingValue = "false")
public class WebhookConfiguration {

    static final Set<String> ADDRESS_CLASSES = Set.of("loopback", "private", "link-local");

    @Bean
    WebhookStore webhookStore(JdbcTemplate jdbc) {
        return new WebhookStore(jdbc);
    }

    @Bean
    UrlPolicy webhookUrlPolicy(
            @Value("${bankcore.webhooks.allow-http:false}") boolean allowHttp,
            @Value("${bankcore.webhooks.allowed-addresses:}") String allowedAddresses) {
        Set<String> classes = Arrays.stream(allowedAddresses.split(","))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .collect(Collectors.toSet());
        for (String kind : classes) {
            if (!ADDRESS_CLASSES.contains(kind)) {
                throw new IllegalArgumentException("bankcore.webhooks.allowed-addresses: unknown class '" + kind
                        + "' (known: loopback, private, link-local)");
            }
        }
        return new UrlPolicy(allowHttp, classes);
    }

    @Bean(destroyMethod = "close")
    Webhooks webhooks(
            WebhookStore store,
            SinkCursors cursors,
            SinkRunner runner,
            EventLog eventLog,
            UrlPolicy webhookUrlPolicy,
            MeterRegistry meters,
            @Value("${bankcore.webhooks.secret-key:}") String secretKey,
            @Value("${bankcore.webhooks.timeout:5s}") Duration timeout,
            @Value("${bankcore.webhooks.retry.initial:1s}") Duration initialBackoff,
            @Value("${bankcore.webhooks.retry.max:1h}") Duration maxBackoff,
            @Value("${bankcore.webhooks.max-failures:20}") int maxFailures,
            @Value("${bankcore.webhooks.batch-size:100}") int batchSize,
            @Value("${bankcore.webhooks.delivery-log-retention:7d}") Duration retention,
            ObjectProvider<DeliveryTracing> tracing) {
        return new Webhooks(
                store,
                cursors,
                runner,
                eventLog,
                new SecretBox(secretKey),
                webhookUrlPolicy,
                new Webhooks.Settings(timeout, initialBackoff, maxBackoff, maxFailures, batchSize, retention),
                meters,
                Clock.systemUTC(),
                tracing.getIfAvailable(() -> DeliveryTracing.NONE));
    }

    @Bean
    ApplicationListener<ApplicationReadyEvent> startWebhooks(Webhooks webhooks) {
        return ready -> webhooks.start();
    }
}
