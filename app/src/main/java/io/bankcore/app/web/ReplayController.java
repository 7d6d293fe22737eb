package io.bankcore.app.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.bankcore.query.replay.ReadModelReplay;
import io.bankcore.query.replay.ReplayStatus;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Rebuilding the read models from the event store: {@code POST /admin/replay} starts a run in the
 * background and answers 202 with its status and {@code Location}; the status routes show its progress
 * from any instance. Off, like every admin route, with {@code bankcore.admin.enabled=false}.
 */
@RestController
@Tag(name = "admin")
@ConditionalOnProperty(prefix = "bankcore.admin", name = "enabled", havingValue = "true", matchIfMissing = true)
class ReplayController {

    private static final String PATH = AdminController.PREFIX + "/replay";

    private final ReadModelReplay replay;

    ReplayController(ReadModelReplay replay) {
        this.replay = replay;
    }

    @Schema(name = "ReplayStatus")
    record Status(
            @JsonProperty("replay_id") String replayId,

            @JsonProperty("status") @Schema(allowableValues = {"RUNNING", "COMPLETED", "FAILED"})
            String status,

            @JsonProperty("phase") @Schema(allowableValues = {"COPYING", "CATCHING_UP", "SWITCHING", "DONE"})
            String phase,

            @JsonProperty("events_total")
            @Schema(
                    description = "events in the store at the start (0 until counted, the run's first step), plus those"
                            + " appended since and caught up with")
            long eventsTotal,

            @JsonProperty("events_done") long eventsDone,
            @JsonProperty("events_per_second") double eventsPerSecond,
            @JsonProperty("started_at") Instant startedAt,

            @JsonProperty("finished_at") @Schema(nullable = true)
            Instant finishedAt,

            @JsonProperty("duration_ms") @Schema(nullable = true, description = "once finished")
            Long durationMs,

            @JsonProperty("node") @Schema(description = "the instance running it")
            String node,

            @JsonProperty("error") @Schema(nullable = true) String error) {

        static Status of(ReplayStatus s) {
            Instant now = Instant.now();
            return new Status(
                    s.replayId(),
                    s.status().name(),
                    s.phase().name(),
                    s.eventsTotal(),
                    s.eventsDone(),
                    Math.round(s.eventsPerSecond(now) * 10) / 10.0,
                    s.startedAt(),
                    s.finishedAt(),
                    s.finishedAt() == null ? null : s.elapsed(now).toMillis(),
                    s.node(),
                    s.error());
        }
    }

    @PostMapping(PATH)
    @Operation(
            summary = "Rebuilds the balance, ledger and transfer read models from the event store",
            description = "Starts a replay in the background and answers 202 with its status; poll the Location."
                    + " The new tables are built beside the live ones, which keep answering queries, and put in"
                    + " their place once caught up, with the live tables' writers held for the switch only. The"
                    + " events come from the database's event table, or through Axon's replay (a processor reset"
                    + " to the start of the event store; under the axonserver profile), as bankcore.replay.source"
                    + " says. No saga or command runs again. One replay at a time across all instances: 409"
                    + " REPLAY_RUNNING otherwise; 503 UNAVAILABLE while the event store cannot be reached.")
    ResponseEntity<Status> start() {
        try {
            ReplayStatus started = replay.start();
            return ResponseEntity.accepted()
                    .location(URI.create(PATH + "/" + started.replayId()))
                    .body(Status.of(started));
        } catch (ReadModelReplay.AlreadyRunning running) {
            throw new ApiProblem(
                    ProblemCode.REPLAY_RUNNING,
                    "Replay " + running.replayId() + " is running; follow it at " + PATH + "/" + running.replayId(),
                    List.of(),
                    Map.of("replay_id", running.replayId()));
        }
    }

    @GetMapping(PATH)
    @Operation(summary = "The latest replay's status (404 if none ever ran)")
    Status latest() {
        return replay.latest().map(Status::of).orElseThrow(() -> notFound("No replay has run yet."));
    }

    @GetMapping(PATH + "/{replayId}")
    @Operation(summary = "One replay's status")
    Status find(@PathVariable String replayId) {
        return replay.find(replayId)
                .map(Status::of)
                .orElseThrow(() -> notFound("There is no replay " + replayId + "."));
    }

    private static ApiProblem notFound(String detail) {
        return new ApiProblem(ProblemCode.REPLAY_NOT_FOUND, detail);
    }
}
