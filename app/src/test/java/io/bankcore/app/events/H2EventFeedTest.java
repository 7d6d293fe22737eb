package io.bankcore.app.events;

import org.springframework.boot.test.context.SpringBootTest;

/** The event feed and webhooks on the embedded default database. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.datasource.url=jdbc:h2:mem:eventfeed;DB_CLOSE_DELAY=-1;DB_CLOSE_ON_EXIT=FALSE",
            "bankcore.webhooks.allow-http=true",
            "bankcore.webhooks.allowed-addresses=loopback",
            "bankcore.webhooks.retry.initial=50ms",
            "bankcore.webhooks.retry.max=200ms",
            "bankcore.webhooks.max-failures=6",
            "bankcore.sinks.poll-interval=20ms",
            "bankcore.sinks.round-time=300ms",
            "bankcore.events.stream.poll-interval=50ms"
        })
class H2EventFeedTest extends EventFeedTests {}
