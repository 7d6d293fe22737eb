package io.bankcore.app.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

class ProcessorHealthIndicatorTest {

    static final List<String> WATCHED = List.of("accounts", "transfers");
    static final ProcessorHealthIndicator.Thresholds THRESHOLDS =
            new ProcessorHealthIndicator.Thresholds(100, Duration.ofSeconds(30), WATCHED);

    /** A status that answers a fixed snapshot instead of reading a database. */
    static final class Fixed extends ProcessorStatus {
        private final List<Processor> processors;

        Fixed(List<Processor> processors) {
            super(null, null, null, null, "node-a", null);
            this.processors = processors;
        }

        @Override
        public Snapshot snapshot() {
            return new Snapshot(new EventStoreHead.Head(500, Instant.EPOCH), processors, Instant.EPOCH);
        }
    }

    static ProcessorStatus.SegmentStatus segment(int id, String owner, long lagEvents, long lagMs) {
        return new ProcessorStatus.SegmentStatus(
                id, 2, owner, 500 - lagEvents, lagEvents, lagMs, owner.equals("node-a"), false);
    }

    static ProcessorStatus.Processor processor(
            String name, boolean running, boolean error, long lagEvents, Long lagMs, String owner) {
        return new ProcessorStatus.Processor(
                name,
                "TRACKING",
                running,
                error,
                false,
                lagEvents,
                lagMs,
                List.of(segment(0, owner, lagEvents, lagMs == null ? 0 : lagMs), segment(1, owner, 0, 0)));
    }

    static Health health(ProcessorStatus.Processor... processors) {
        return new ProcessorHealthIndicator(new Fixed(List.of(processors)), THRESHOLDS).health();
    }

    @Test
    void a_head_that_cannot_be_read_is_down_with_the_reason_not_an_exception() {
        var unreadable = new ProcessorStatus(null, null, null, null, "node-a", null) {
            @Override
            public Snapshot snapshot() {
                throw new IllegalStateException("io.grpc.StatusRuntimeException: UNAVAILABLE");
            }
        };
        Health health = new ProcessorHealthIndicator(unreadable, THRESHOLDS).health();
        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails().get("problems").toString())
                .contains("the processors' state cannot be read")
                .contains("UNAVAILABLE");
    }

    @Test
    void caught_up_and_running_is_up() {
        Health health = health(
                processor("accounts", true, false, 0, 0L, "node-a"),
                processor("transfers", true, false, 100, 30_000L, "node-a"));
        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).doesNotContainKey("problems");
    }

    @Test
    void every_segment_claimed_by_the_other_instance_is_still_up() {
        Health health = health(
                processor("accounts", true, false, 0, 0L, "node-b"),
                processor("transfers", true, false, 0, 0L, "node-b"));
        assertThat(health.getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void a_processor_stopped_in_this_instance_degrades() {
        Health health = health(
                processor("accounts", false, false, 0, 0L, "node-b"),
                processor("transfers", true, false, 0, 0L, "node-a"));
        assertThat(health.getStatus()).isEqualTo(ProcessorHealthIndicator.DEGRADED);
        assertThat(health.getDetails().get("problems").toString()).contains("accounts: not running");
    }

    @Test
    void lag_beyond_either_threshold_degrades() {
        Health events = health(
                processor("accounts", true, false, 101, 10L, "node-a"),
                processor("transfers", true, false, 0, 0L, "node-a"));
        assertThat(events.getStatus()).isEqualTo(ProcessorHealthIndicator.DEGRADED);
        assertThat(events.getDetails().get("problems").toString()).contains("accounts: 101 events behind (max 100)");

        Health time = health(
                processor("accounts", true, false, 1, 30_001L, "node-a"),
                processor("transfers", true, false, 0, 0L, "node-a"));
        assertThat(time.getStatus()).isEqualTo(ProcessorHealthIndicator.DEGRADED);
        assertThat(time.getDetails().get("problems").toString()).contains("30001 ms old (max 30000 ms)");
    }

    @Test
    void unknown_append_times_do_not_degrade_by_time() {
        Health health = health(
                processor("accounts", true, false, 5, null, "node-a"),
                processor("transfers", true, false, 0, null, "node-a"));
        assertThat(health.getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void a_processor_in_error_is_down() {
        Health health = health(
                processor("accounts", true, true, 3, 100L, "node-a"),
                processor("transfers", false, false, 0, 0L, "node-a"));
        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails().get("problems").toString())
                .contains("accounts: in error")
                .contains("transfers: not running");
    }

    @Test
    void a_watched_processor_missing_from_this_instance_degrades() {
        Health health = health(processor("accounts", true, false, 0, 0L, "node-a"));
        assertThat(health.getStatus()).isEqualTo(ProcessorHealthIndicator.DEGRADED);
        assertThat(health.getDetails().get("problems").toString()).contains("transfers: not configured");
    }
}
