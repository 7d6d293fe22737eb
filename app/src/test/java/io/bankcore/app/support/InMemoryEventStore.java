package io.bankcore.app.support;

import io.bankcore.command.BatchedAppends;
import java.sql.SQLException;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * An event store that is not the database's event table: Axon's in-memory storage engine behind the
 * application's embedded event store (and its batching of appends), and the processors' tokens in memory
 * too. {@code domain_event_entry} and {@code token_entry} stay empty, so code that reads them instead of
 * going through Axon's API finds nothing there. The application's engine and token store are replaced as
 * they are made, so everything that uses them gets these.
 */
@TestConfiguration(proxyBeanMethods = false)
public class InMemoryEventStore {

    /** The one engine of the context, for tests that count what it holds. */
    public static final class Engine {
        private final InMemoryEventStorageEngine engine = new InMemoryEventStorageEngine();

        public InMemoryEventStorageEngine get() {
            return engine;
        }

        /** How many events the engine holds, read from the engine itself. */
        public long count() {
            try (var events = engine.readEvents(null, false)) {
                return events.count();
            }
        }

        /** {@link #count()}, once it is checked that the database's event and token tables are empty. */
        public long countBesideEmptyTables(PostgresDatabase database) throws SQLException {
            if (database.queryLong("select count(*) from domain_event_entry") != 0
                    || database.queryLong("select count(*) from token_entry") != 0) {
                throw new AssertionError("the database's event or token table is in use: it must not be the store");
            }
            return count();
        }
    }

    @Bean
    static Engine inMemoryEventStorageEngine() {
        return new Engine();
    }

    @Bean
    static BeanPostProcessor inMemoryEventStore(org.springframework.beans.factory.ObjectProvider<Engine> engine) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                if (bean instanceof BatchedAppends) {
                    return new BatchedAppends(engine.getObject().get());
                }
                if (bean instanceof TokenStore) {
                    return new InMemoryTokenStore();
                }
                return bean;
            }
        };
    }
}
