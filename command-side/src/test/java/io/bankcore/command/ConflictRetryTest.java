package io.bankcore.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bankcore.domain.CurrencyCode;
import io.bankcore.domain.InsufficientFunds;
import io.bankcore.domain.Money;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.common.lock.DeadlockException;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.Test;

class ConflictRetryTest {

    private final List<String> events = new ArrayList<>();
    private final List<Duration> sleeps = new ArrayList<>();

    private ConflictRetry retry(int maxAttempts) {
        var observer = new ConflictRetry.Observer() {
            @Override
            public void conflict(String aggregateId, int attempt) {
                events.add("conflict " + aggregateId + " " + attempt);
            }

            @Override
            public void retry(String aggregateId, int attempt) {
                events.add("retry " + aggregateId + " " + attempt);
            }

            @Override
            public void exhausted(String aggregateId, int attempts) {
                events.add("exhausted " + aggregateId + " " + attempts);
            }
        };
        return new ConflictRetry(
                new ConflictRetry.Policy(maxAttempts, Duration.ofMillis(5), Duration.ofMillis(40)),
                observer,
                sleeps::add);
    }

    @Test
    void a_conflict_is_retried_until_the_command_goes_through() {
        var calls = new AtomicInteger();

        String result = retry(5).run("000001", () -> {
            if (calls.incrementAndGet() < 3) {
                throw new ConcurrencyException("lost the race");
            }
            return "done";
        });

        assertThat(result).isEqualTo("done");
        assertThat(calls).hasValue(3);
        assertThat(events)
                .containsExactly("conflict 000001 1", "retry 000001 2", "conflict 000001 2", "retry 000001 3");
        assertThat(sleeps).hasSize(2);
    }

    @Test
    void inside_a_unit_of_work_a_conflict_goes_up_to_whoever_started_it() {
        var calls = new AtomicInteger();
        var outer = org.axonframework.messaging.unitofwork.DefaultUnitOfWork.startAndGet(null);
        try {
            assertThatThrownBy(() -> retry(5).run("000001", () -> {
                        calls.incrementAndGet();
                        throw new ConcurrencyException("lost the race");
                    }))
                    .isInstanceOf(ConcurrencyException.class);
        } finally {
            outer.rollback();
        }
        assertThat(calls).hasValue(1);
        assertThat(events).isEmpty();
    }

    @Test
    void the_key_of_an_attempt_that_learns_what_it_writes_is_asked_only_after_a_conflict() {
        var calls = new AtomicInteger();
        var key = new String[1];

        String result = retry(3).run(() -> key[0], () -> {
            key[0] = "000007";
            if (calls.incrementAndGet() < 2) {
                throw new ConcurrencyException("lost the race");
            }
            return "done";
        });

        assertThat(result).isEqualTo("done");
        assertThat(events).containsExactly("conflict 000007 1", "retry 000007 2");
    }

    @Test
    void a_conflict_wrapped_in_another_exception_is_still_recognised() {
        var calls = new AtomicInteger();

        retry(3).run("000001", () -> {
            if (calls.incrementAndGet() == 1) {
                throw new EventStoreException("append failed", new ConcurrencyException("lost the race"));
            }
            return 1;
        });

        assertThat(calls).hasValue(2);
    }

    @Test
    void retries_run_out_with_a_concurrent_update_error_that_names_the_aggregate() {
        var calls = new AtomicInteger();

        assertThatThrownBy(() -> retry(4).run("000001", () -> {
                    calls.incrementAndGet();
                    throw new ConcurrencyException("lost the race");
                }))
                .isInstanceOf(ConcurrentUpdateExhausted.class)
                .satisfies(e -> {
                    assertThat(((ConcurrentUpdateExhausted) e).aggregateId()).isEqualTo("000001");
                    assertThat(((ConcurrentUpdateExhausted) e).attempts()).isEqualTo(4);
                });
        assertThat(calls).hasValue(4);
        assertThat(events).last().isEqualTo("exhausted 000001 4");
    }

    @Test
    void business_refusals_are_never_retried() {
        var calls = new AtomicInteger();
        var refusal = new InsufficientFunds(Money.of(1, CurrencyCode.BRL), Money.of(2, CurrencyCode.BRL));

        assertThatThrownBy(() -> retry(5).run("000001", () -> {
                    calls.incrementAndGet();
                    throw refusal;
                }))
                .isSameAs(refusal);
        assertThat(calls).hasValue(1);
        assertThat(events).isEmpty();
    }

    @Test
    void a_lock_cycle_and_the_databases_deadlock_and_serialization_failures_are_conflicts() {
        assertThat(ConflictRetry.isConflict(new DeadlockException("cycle"))).isTrue();
        assertThat(ConflictRetry.isConflict(
                        new IllegalStateException("commit failed", new SQLException("deadlock detected", "40P01"))))
                .isTrue();
        assertThat(ConflictRetry.isConflict(new SQLException("could not serialize access", "40001")))
                .isTrue();
    }

    @Test
    void other_database_failures_are_not_conflicts_even_without_a_state() {
        assertThat(ConflictRetry.isConflict(new SQLException("no state at all")))
                .isFalse();
        assertThat(ConflictRetry.isConflict(new SQLException("unique violation", "23505")))
                .isFalse();
        assertThat(ConflictRetry.isConflict(new IllegalStateException("broken")))
                .isFalse();
    }

    @Test
    void a_second_stream_for_one_id_is_final_not_a_conflict() {
        var calls = new AtomicInteger();

        assertThatThrownBy(() -> retry(5).run("000001", () -> {
                    calls.incrementAndGet();
                    throw new EventStoreException(
                            "append failed", new AggregateStreamCreationException("exists already"));
                }))
                .isInstanceOf(EventStoreException.class);
        assertThat(calls).hasValue(1);
    }

    @Test
    void back_off_grows_exponentially_within_its_cap() {
        var policy = new ConflictRetry.Policy(10, Duration.ofMillis(5), Duration.ofMillis(40));

        for (int i = 0; i < 200; i++) {
            assertThat(policy.backoff(1)).isBetween(Duration.ZERO, Duration.ofMillis(5));
            assertThat(policy.backoff(3)).isBetween(Duration.ZERO, Duration.ofMillis(20));
            assertThat(policy.backoff(9)).isBetween(Duration.ZERO, Duration.ofMillis(40));
        }
    }
}
