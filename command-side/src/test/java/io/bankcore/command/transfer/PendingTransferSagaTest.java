package io.bankcore.command.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import io.bankcore.api.ExpireTransferCommand;
import io.bankcore.api.TransferExpiredEvent;
import io.bankcore.api.TransferPostedEvent;
import io.bankcore.api.TransferReservedEvent;
import io.bankcore.api.TransferVoidedEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.test.saga.SagaTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The pending transfer's watch through Axon's fixture: one deadline at its expiry, gone once it ends. */
class PendingTransferSagaTest {

    static final String ID = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
    static final String FROM = "000111222";
    static final String TO = "000333444";

    private SagaTestFixture<PendingTransferSaga> fixture;
    private Instant expiresAt;
    private final List<String> cancelled = new ArrayList<>();

    @BeforeEach
    void createFixture() {
        fixture = new SagaTestFixture<>(PendingTransferSaga.class);
        fixture.registerResource((TransferStepGateway) command -> {
            fixture.getCommandBus().dispatch(GenericCommandMessage.asCommandMessage(command));
            return true;
        });
        cancelled.clear();
        fixture.registerResource((DeadlineCancellation) (name, id) -> cancelled.add(name));
        expiresAt = fixture.currentTime().plus(Duration.ofMinutes(10));
    }

    private TransferReservedEvent reserved() {
        return new TransferReservedEvent(ID, FROM, TO, 3_000, "BRL", expiresAt);
    }

    @Test
    void a_reservation_starts_the_watch_with_a_deadline_at_its_expiry() {
        fixture.givenNoPriorActivity()
                .whenPublishingA(reserved())
                .expectActiveSagas(1)
                .expectScheduledDeadlineWithName(expiresAt, PendingTransferSaga.DEADLINE)
                .expectNoDispatchedCommands();
    }

    @Test
    void at_its_expiry_the_reservation_is_expired() {
        fixture.givenAPublished(reserved())
                .whenTimeAdvancesTo(expiresAt)
                .expectTriggeredDeadlinesWithName(PendingTransferSaga.DEADLINE)
                .expectDispatchedCommands(new ExpireTransferCommand(ID))
                .expectActiveSagas(1);
    }

    @Test
    void nothing_is_sent_before_the_expiry() {
        // To an instant, not by a duration: the fixture's event scheduler and deadline manager each
        // read the clock when created, so on a slow machine the second may start a millisecond or
        // more after the first, which moving both by 10 min - 1 ms would carry past the deadline.
        fixture.givenAPublished(reserved())
                .whenTimeAdvancesTo(expiresAt.minusMillis(1))
                .expectNoDispatchedCommands()
                .expectScheduledDeadlineWithName(expiresAt, PendingTransferSaga.DEADLINE);
    }

    @Test
    void a_post_ends_the_watch_and_cancels_its_deadline() {
        fixture.givenAPublished(reserved())
                .whenPublishingA(new TransferPostedEvent(ID, FROM, TO, 3_000, 1_000, "BRL", 9_000, 1_000, 2, 1))
                .expectActiveSagas(0)
                .expectNoDispatchedCommands();
        assertThat(cancelled).containsExactly(PendingTransferSaga.DEADLINE);
    }

    @Test
    void a_void_ends_the_watch_and_cancels_its_deadline() {
        fixture.givenAPublished(reserved())
                .whenPublishingA(new TransferVoidedEvent(ID, FROM, TO, 3_000, "BRL", 2))
                .expectActiveSagas(0);
        assertThat(cancelled).containsExactly(PendingTransferSaga.DEADLINE);
    }

    @Test
    void the_expiry_ends_the_watch() throws Exception {
        fixture.givenAPublished(reserved())
                .andThenTimeAdvancesTo(expiresAt)
                .whenPublishingA(new TransferExpiredEvent(ID, FROM, TO, 3_000, "BRL", 2))
                .expectActiveSagas(0)
                .expectNoScheduledDeadlines();
        // The deadline fired already: there is nothing left to cancel.
        assertThat(cancelled).isEmpty();
    }
}
