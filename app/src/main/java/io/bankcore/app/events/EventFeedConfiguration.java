package io.bankcore.app.events;

import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The event feed and its sinks read {@code domain_event_entry} of this database; under the axonserver
 * profile the events are elsewhere, and none of it exists.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "axon.axonserver.enabled", havingValue = "false")
public class EventFeedConfiguration {

    @Bean
    EventLog eventLog(JdbcTemplate jdbc, @Value("${bankcore.events.gap-timeout:60s}") Duration gapTimeout) {
        return new EventLog(jdbc, gapTimeout, Clock.systemUTC());
    }

    @Bean
    EventFeed eventFeed(EventLog eventLog) {
        return new EventFeed(eventLog);
    }

    @Bean(destroyMethod = "close")
    EventStreams eventStreams(
            EventFeed eventFeed,
            @Value("${bankcore.events.stream.poll-interval:200ms}") Duration pollInterval,
            @Value("${bankcore.events.stream.heartbeat:15s}") Duration heartbeat,
            @Value("${bankcore.events.stream.timeout:30m}") Duration timeout,
            @Value("${bankcore.events.stream.max-clients:32}") int maxClients) {
        return new EventStreams(eventFeed, pollInterval, heartbeat, timeout, maxClients);
    }
}
