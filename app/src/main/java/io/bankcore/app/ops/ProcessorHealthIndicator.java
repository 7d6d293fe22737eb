package io.bankcore.app.ops;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * The event processors' part of {@code /actuator/health} (component {@code eventProcessors}).
 *
 * <ul>
 *   <li>{@code DOWN} (HTTP 503): a watched processor is in error in this JVM (it keeps retrying a
 *       failing batch, so the segments it holds are stuck here), or the status cannot be read from the
 *       database at all.
 *   <li>{@link #DEGRADED} (HTTP 200): a watched processor is not running in this JVM, or is missing, or
 *       lags beyond {@code bankcore.health.max-lag-events} events or {@code bankcore.health.max-lag}
 *       (age of the oldest event it has not handled). Requests are still served correctly (writes are
 *       durable; read-after-write waits may time out), and lag is a property of the shared database that
 *       no single instance's restart or removal from a load balancer would cure: hence not a 503.
 *   <li>{@code UP} otherwise. A running processor whose segments are all claimed by another instance is
 *       UP: the work is done there, and its lag (read from the database) still counts.
 * </ul>
 */
public class ProcessorHealthIndicator implements HealthIndicator {

    public static final Status DEGRADED = new Status("DEGRADED", "an event processor is stopped or behind");

    /** What degrades health, and which processors are watched. */
    public record Thresholds(long maxLagEvents, Duration maxLag, List<String> processors) {}

    private final ProcessorStatus status;
    private final Thresholds thresholds;

    public ProcessorHealthIndicator(ProcessorStatus status, Thresholds thresholds) {
        this.status = status;
        this.thresholds = thresholds;
    }

    @Override
    public Health health() {
        ProcessorStatus.Snapshot snapshot;
        try {
            snapshot = status.snapshot();
        } catch (RuntimeException unreadable) {
            // The event store's head is unreachable (Axon Server away): DOWN with the reason, not a 500.
            return Health.down()
                    .withDetail("problems", List.of("the processors' state cannot be read: " + unreadable))
                    .build();
        }
        var problems = new ArrayList<String>();
        boolean down = false;
        var details = new LinkedHashMap<String, Object>();
        for (String name : thresholds.processors()) {
            ProcessorStatus.Processor processor = snapshot.processor(name);
            if (processor == null) {
                problems.add(name + ": not configured in this instance");
                details.put(name, Map.of("configured", false));
                continue;
            }
            var detail = new LinkedHashMap<String, Object>();
            detail.put("running", processor.running());
            detail.put("error", processor.error());
            detail.put("replaying", processor.replaying());
            detail.put("lag_events", processor.lagEvents());
            detail.put("lag_ms", processor.lagMs());
            detail.put(
                    "claimed_segments_here",
                    processor.segments().stream()
                            .filter(ProcessorStatus.SegmentStatus::claimedByThisInstance)
                            .count());
            details.put(name, detail);
            if (processor.error()) {
                down = true;
                problems.add(name + ": in error");
            } else if (!processor.running()) {
                problems.add(name + ": not running");
            }
            if (processor.lagEvents() > thresholds.maxLagEvents()) {
                problems.add(
                        name + ": " + processor.lagEvents() + " events behind (max " + thresholds.maxLagEvents() + ")");
            }
            if (processor.lagMs() != null
                    && processor.lagMs() > thresholds.maxLag().toMillis()) {
                problems.add(name + ": oldest unhandled event " + processor.lagMs() + " ms old (max "
                        + thresholds.maxLag().toMillis() + " ms)");
            }
        }
        Status result = down ? Status.DOWN : problems.isEmpty() ? Status.UP : DEGRADED;
        var health = Health.status(result)
                .withDetail("head_global_index", snapshot.head().index())
                .withDetail("max_lag_events", thresholds.maxLagEvents())
                .withDetail("max_lag_ms", thresholds.maxLag().toMillis())
                .withDetail("processors", details);
        if (!problems.isEmpty()) {
            health.withDetail("problems", problems);
        }
        return health.build();
    }
}
