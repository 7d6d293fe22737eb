package io.bankcore.app.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.bankcore.app.ops.ProcessorStatus;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /admin/processors}: every event processor, its segments, who claims them and how far
 * behind the event store's head they are. An admin route: gone with {@code bankcore.admin.enabled=false}.
 */
@RestController
@Tag(name = "admin")
@ConditionalOnProperty(prefix = "bankcore.admin", name = "enabled", havingValue = "true", matchIfMissing = true)
class ProcessorController {

    @Schema(name = "EventStoreHead")
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Head(
            @JsonProperty("global_index")
            @Schema(nullable = true, description = "the last event's; null when the store is empty")
            Long globalIndex,

            @JsonProperty("timestamp") @Schema(nullable = true, description = "when the last event was appended")
            String timestamp) {}

    @Schema(name = "ProcessorSegment")
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Segment(
            @JsonProperty("segment") int segment,

            @JsonProperty("of") @Schema(description = "how many segments this one is a part of")
            int of,

            @JsonProperty("owner")
            @Schema(nullable = true, description = "the node id holding the claim; null when unclaimed")
            String owner,

            @JsonProperty("position")
            @Schema(description = "global index of the last event handled; -1 before the first")
            long position,

            @JsonProperty("lag_events") long lagEvents,

            @JsonProperty("lag_ms")
            @Schema(
                    nullable = true,
                    description = "age of the oldest event not yet handled; 0 when caught up; null when the event"
                            + " store does not tell append times (Axon Server)")
            Long lagMs,

            @JsonProperty("claimed_by_this_instance") boolean claimedByThisInstance,
            @JsonProperty("replaying") boolean replaying) {}

    @Schema(name = "Processor")
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Processor(
            @JsonProperty("name") String name,

            @JsonProperty("mode")
            @Schema(
                    allowableValues = {"TRACKING", "POOLED", "SUBSCRIBING", "WEBHOOK", "AMQP"},
                    description = "an Axon event processor's kind, or a sink of the event feed")
            String mode,

            @JsonProperty("running") @Schema(description = "in this instance")
            boolean running,

            @JsonProperty("error") @Schema(description = "in this instance")
            boolean error,

            @JsonProperty("replaying") boolean replaying,

            @JsonProperty("lag_events") @Schema(description = "the worst of its segments")
            long lagEvents,

            @JsonProperty("lag_ms") @Schema(nullable = true, description = "the worst of its segments")
            Long lagMs,

            @JsonProperty("segments") List<Segment> segments) {}

    @Schema(name = "ProcessorsReport")
    record Report(
            @JsonProperty("head") Head head,

            @JsonProperty("node_id") @Schema(description = "this instance's name in token claims")
            String nodeId,

            @JsonProperty("processors") List<Processor> processors) {}

    private final ProcessorStatus status;

    ProcessorController(ProcessorStatus status) {
        this.status = status;
    }

    @GetMapping(AdminController.PREFIX + "/processors")
    @Operation(
            summary = "Event processors: running, segments and their owners, position and lag against the event store",
            description = "running and error are this instance's view; segments, owners and positions come from"
                    + " token_entry (shared by every instance on the database); lag is measured against the head"
                    + " of the event store.")
    Report processors() {
        ProcessorStatus.Snapshot snapshot = status.snapshot();
        var head = snapshot.head();
        return new Report(
                new Head(
                        head.index() < 0 ? null : head.index(),
                        head.timestamp() == null ? null : Paging.iso(head.timestamp())),
                status.nodeId(),
                snapshot.processors().stream()
                        .map(p -> new Processor(
                                p.name(),
                                p.mode(),
                                p.running(),
                                p.error(),
                                p.replaying(),
                                p.lagEvents(),
                                p.lagMs(),
                                p.segments().stream()
                                        .map(s -> new Segment(
                                                s.segment(),
                                                s.of(),
                                                s.owner(),
                                                s.position(),
                                                s.lagEvents(),
                                                s.lagMs(),
                                                s.claimedByThisInstance(),
                                                s.replaying()))
                                        .toList()))
                        .toList());
    }
}
