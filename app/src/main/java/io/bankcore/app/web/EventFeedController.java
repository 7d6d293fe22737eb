package io.bankcore.app.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.bankcore.app.events.EventFeed;
import io.bankcore.app.events.EventStreams;
import io.bankcore.app.events.EventTypes;
import io.bankcore.app.events.PublicEvent;
import io.bankcore.app.security.Principals;
import io.bankcore.app.web.ApiProblem.FieldError;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The event feed: every committed event of the store, in position order, in its public form
 * ({@link PublicEvent}), as pages ({@code GET /events}) or as Server-Sent Events ({@code GET
 * /events/stream}). Scope {@code events:read}; the feed spans every account, so a tenant-bound
 * credential is refused (403). Read from this database's event store: not under the axonserver profile.
 */
@RestController
@Tag(name = "events")
@ConditionalOnProperty(name = "axon.axonserver.enabled", havingValue = "false")
class EventFeedController {

    static final int MAX_TYPES = 50;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Schema(name = "Event", description = "An event in its public form, version 2")
    record EventDoc(
            @JsonProperty("version") @Schema(example = "2") int version,

            @JsonProperty("event_id") @Schema(description = "stable and unique; a redelivery carries the same")
            String eventId,

            @JsonProperty("position")
            @Schema(description = "the store's global order; the SSE id and the after= of the feed", example = "42")
            long position,

            @JsonProperty("type")
            @Schema(
                    example = "money.deposited",
                    description = EventTypes.DOCUMENTED
                            + "; an event type added later is named by the same rule (its class name without"
                            + " Event: subject.what_happened)")
            String type,

            @JsonProperty("occurred_at") @Schema(example = "2026-01-12T21:13:49.684949Z")
            String occurredAt,

            @JsonProperty("account_number") @Schema(nullable = true, description = "the account, when one applies")
            String accountNumber,

            @JsonProperty("correlation_id")
            @Schema(nullable = true, description = "the transfer's id on a transfer's events")
            String correlationId,

            @JsonProperty("data")
            @Schema(
                    description = "the event's fields in snake_case; amounts in cents (*_cents), enumerations in"
                            + " upper case")
            Map<String, Object> data) {}

    @Schema(name = "EventPage")
    record PageDoc(
            @JsonProperty("events") @ArraySchema(schema = @Schema(implementation = EventDoc.class))
            List<EventDoc> events,

            @JsonProperty("newest_position") @Schema(description = "the newest position in the store")
            long newestPosition,

            @JsonProperty("next_after")
            @Schema(description = "pass as after= for the next page (the last position this page covered)")
            long nextAfter,

            @JsonProperty("next") @Schema(example = "/events?after=42&limit=100")
            String next) {}

    private final EventFeed feed;
    private final EventStreams streams;

    EventFeedController(EventFeed feed, EventStreams streams) {
        this.feed = feed;
        this.streams = streams;
    }

    @GetMapping("/events")
    @Operation(
            summary = "The event feed: committed events after a position, oldest first",
            description = "Events appear only once committed, in position order, and never skip one that committed"
                    + " late: a page stops before a missing position until it is filled or known to be a"
                    + " rolled-back append (after `bankcore.events.gap-timeout`, 60 s). `after` (default 0),"
                    + " `limit` 1-1000 (default 100), `types` a comma-separated list, each "
                    + EventTypes.PATTERNS
                    + " (an unknown type is refused). Follow `next`"
                    + " (or pass `next_after` as `after`) until `events` comes back empty.")
    @ApiResponse(
            responseCode = "200",
            description = "A page of events",
            content = @Content(schema = @Schema(implementation = PageDoc.class)))
    ResponseEntity<String> events(
            @RequestParam(value = "after", required = false) String after,
            @RequestParam(value = "limit", required = false) String limit,
            @RequestParam(value = "types", required = false) String types) {
        var errors = new java.util.ArrayList<FieldError>();
        long from = position("after", after, errors);
        int pageSize = 100;
        if (limit != null) {
            String digits = limit.strip();
            if (digits.matches("[0-9]{1,4}") && Integer.parseInt(digits) >= 1 && Integer.parseInt(digits) <= 1000) {
                pageSize = Integer.parseInt(digits);
            } else {
                errors.add(new FieldError("limit", "must be an integer between 1 and 1000"));
            }
        }
        Set<String> wanted = types(types, errors);
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid(errors);
        }
        refuseTenants();
        EventFeed.Page page = feed.page(from, pageSize, wanted);
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        var events = body.putArray("events");
        for (PublicEvent event : page.events()) {
            events.add(event.node());
        }
        body.put("newest_position", page.newest());
        body.put("next_after", page.next());
        var next = UriComponentsBuilder.fromPath("/events")
                .queryParam("after", page.next())
                .queryParam("limit", pageSize);
        if (!wanted.isEmpty()) {
            next.queryParam("types", String.join(",", wanted));
        }
        body.put("next", next.build().toUriString());
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(JSON.writeValueAsString(body));
    }

    @GetMapping("/events/stream")
    @Operation(
            summary = "The event feed as Server-Sent Events, live",
            description = "Each SSE event has `id` = position, `event` = type and `data` = the event (the same JSON"
                    + " as in GET /events). Starts after `Last-Event-ID` when the client sends it (a reconnect),"
                    + " else after `after` (default: the newest position, i.e. only new events; `after=0` for"
                    + " everything). Same order and gap rules as GET /events; a comment line every 15 s keeps"
                    + " the connection open.")
    @Parameter(
            name = "Last-Event-ID",
            in = ParameterIn.HEADER,
            description = "the id of the last event received",
            schema = @Schema(type = "string"))
    @ApiResponse(
            responseCode = "200",
            description = "An endless text/event-stream",
            content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE))
    SseEmitter stream(
            @RequestParam(value = "after", required = false) String after,
            @RequestParam(value = "types", required = false) String types,
            @RequestHeader(value = "Last-Event-ID", required = false) String lastEventId) {
        var errors = new java.util.ArrayList<FieldError>();
        long from = lastEventId != null
                ? position("Last-Event-ID", lastEventId, errors)
                : after != null ? position("after", after, errors) : -1;
        Set<String> wanted = types(types, errors);
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid(errors);
        }
        refuseTenants();
        if (from < 0) {
            from = feed.log().newest();
        }
        SseEmitter emitter = streams.open(from, wanted);
        if (emitter == null) {
            throw new ApiProblem(ProblemCode.OVERLOADED, "Too many event streams are open on this instance.");
        }
        return emitter;
    }

    private static void refuseTenants() {
        Principals.tenant().ifPresent(tenant -> {
            throw new ApiProblem(
                    ProblemCode.FORBIDDEN,
                    "The event feed spans every account; a credential bound to a tenant cannot read it.");
        });
    }

    private static long position(String field, String raw, List<FieldError> errors) {
        if (raw == null) {
            return 0;
        }
        String digits = raw.strip();
        if (digits.matches("[0-9]{1,18}")) {
            return Long.parseLong(digits);
        }
        errors.add(new FieldError(field, "must be a position: an integer from 0"));
        return 0;
    }

    static Set<String> types(String raw, List<FieldError> errors) {
        var types = new LinkedHashSet<String>();
        if (raw == null) {
            return types;
        }
        String[] parts = raw.split(",", -1);
        if (parts.length > MAX_TYPES) {
            errors.add(new FieldError("types", "at most " + MAX_TYPES + " types"));
            return types;
        }
        for (String part : parts) {
            String type = part.strip();
            var refused = EventTypes.refusal(type);
            if (refused.isPresent()) {
                errors.add(new FieldError("types", refused.get()));
                return types;
            }
            types.add(type);
        }
        return types;
    }
}
