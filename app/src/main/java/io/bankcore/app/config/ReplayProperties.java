package io.bankcore.app.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The read models' replay ({@code bankcore.replay.*}): where it reads the events ({@code event-table}: the
 * database's event table, fast, the default; {@code event-store}: Axon's replay through the replay
 * processor, whatever the event store is), and how many events the replay processor handles per batch.
 */
@ConfigurationProperties("bankcore.replay")
public record ReplayProperties(
        @DefaultValue("event-table") Source source,
        @DefaultValue("500") int batchSize) {

    public enum Source {
        EVENT_TABLE,
        EVENT_STORE
    }
}
