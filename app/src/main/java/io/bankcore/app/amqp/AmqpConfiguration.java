package io.bankcore.app.amqp;

import io.bankcore.app.events.DeliveryTracing;
import io.bankcore.app.events.SinkCursors;
import io.bankcore.app.events.SinkRunner;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * RabbitMQ publication, only with {@code bankcore.amqp.url} ({@code BANKCORE_AMQP_URL}, e.g.
 * {@code amqp://user:password@host:5672/vhost}): a sink named {@code amqp} that starts at the first
 * event of the store the first time, then resumes from its cursor. Nothing connects without it.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${bankcore.amqp.url:}' != '' && '${axon.axonserver.enabled:false}' == 'false'")
public class AmqpConfiguration {

    @Bean(destroyMethod = "destroy")
    CachingConnectionFactory amqpConnectionFactory(@Value("${bankcore.amqp.url}") String url) {
        var factory = new CachingConnectionFactory();
        factory.setUri(URI.create(url));
        factory.setPublisherConfirmType(CachingConnectionFactory.ConfirmType.SIMPLE);
        factory.setConnectionNameStrategy(f -> "bankcore-events");
        return factory;
    }

    @Bean
    AmqpSink amqpSink(
            CachingConnectionFactory amqpConnectionFactory,
            @Value("${bankcore.amqp.exchange:bankcore.events}") String exchange,
            @Value("${bankcore.amqp.confirm-timeout:10s}") Duration confirmTimeout,
            @Value("${bankcore.amqp.batch-size:500}") int batchSize,
            ObjectProvider<DeliveryTracing> tracing) {
        var template = new RabbitTemplate(amqpConnectionFactory);
        var admin = new RabbitAdmin(amqpConnectionFactory);
        admin.setAutoStartup(false);
        return new AmqpSink(
                template,
                admin,
                exchange,
                confirmTimeout,
                batchSize,
                tracing.getIfAvailable(() -> DeliveryTracing.NONE));
    }

    @Bean
    ApplicationListener<ApplicationReadyEvent> startAmqpSink(AmqpSink sink, SinkCursors cursors, SinkRunner runner) {
        return ready -> {
            cursors.create(AmqpSink.NAME, 0, Instant.now());
            runner.start(sink);
        };
    }
}
