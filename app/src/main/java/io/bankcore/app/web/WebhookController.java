package io.bankcore.app.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.bankcore.app.events.EventTypes;
import io.bankcore.app.events.SinkCursors;
import io.bankcore.app.ops.EventStoreHead;
import io.bankcore.app.web.ApiProblem.FieldError;
import io.bankcore.app.webhooks.UrlPolicy;
import io.bankcore.app.webhooks.WebhookStore;
import io.bankcore.app.webhooks.Webhooks;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * {@code /admin/webhooks}: endpoints that receive every event of their types, signed, in order, at
 * least once. The signing secret is in the answer of the creation (and of a rotation) only.
 */
@RestController
@Tag(name = "admin")
@ConditionalOnProperty(prefix = "bankcore.admin", name = "enabled", havingValue = "true", matchIfMissing = true)
class WebhookController {

    private static final String ROUTE = AdminController.PREFIX + "/webhooks";
    private static final int MAX_DESCRIPTION = 200;
    private static final int MAX_TYPES = 50;
    private static final long MAX_ROTATION_SECONDS = 7 * 24 * 3600;
    private static final long DEFAULT_ROTATION_SECONDS = 24 * 3600;

    @Schema(name = "WebhookRequest")
    record EndpointRequest(
            @JsonProperty("url")
            @Schema(
                    description = "https only; loopback, private and link-local addresses are refused unless"
                            + " bankcore.webhooks.allowed-addresses allows them",
                    example = "https://hooks.example.com/bankcore")
            String url,

            @JsonProperty("event_types")
            @ArraySchema(schema = @Schema(example = "money.deposited"))
            @Schema(
                    description = "the types to receive, each " + EventTypes.PATTERNS + "; absent or empty: every"
                            + " type. A type no event has, or a subject none has, is refused (422). Types: "
                            + EventTypes.DOCUMENTED)
            List<String> eventTypes,

            @JsonProperty("description") @Schema(maxLength = MAX_DESCRIPTION)
            String description,

            @JsonProperty("after")
            @Schema(
                    description = "creation only: deliver the events after this position (0: the whole store);"
                            + " absent: only events from now on")
            Long after,

            @JsonProperty("enabled")
            @Schema(description = "update only: false disables, true enables again (and clears the failures)")
            Boolean enabled) {}

    @Schema(name = "Webhook")
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record EndpointView(
            @JsonProperty("id") String id,
            @JsonProperty("url") String url,

            @JsonProperty("description") @Schema(nullable = true)
            String description,

            @JsonProperty("event_types")
            @Schema(description = "as given: types, subject.* patterns or *; empty: every type")
            List<String> eventTypes,

            @JsonProperty("enabled") boolean enabled,

            @JsonProperty("disabled_reason")
            @Schema(nullable = true, description = "why it is disabled: by an operator, or after too many failures")
            String disabledReason,

            @JsonProperty("position") @Schema(description = "delivered through this position")
            long position,

            @JsonProperty("lag_events") long lagEvents,

            @JsonProperty("failures") @Schema(description = "consecutive failed attempts at the next event")
            int failures,

            @JsonProperty("next_attempt_at") @Schema(nullable = true)
            String nextAttemptAt,

            @JsonProperty("last_error") @Schema(nullable = true)
            String lastError,

            @JsonProperty("delivering_node") @Schema(nullable = true, description = "the instance delivering it")
            String deliveringNode,

            @JsonProperty("previous_secret_until")
            @Schema(nullable = true, description = "while a rotation lasts, the previous secret signs too")
            String previousSecretUntil,

            @JsonProperty("created_at") String createdAt,
            @JsonProperty("updated_at") String updatedAt) {}

    @Schema(name = "WebhookWithSecret")
    record WithSecret(
            @JsonProperty("webhook") EndpointView webhook,

            @JsonProperty("secret") @Schema(description = "the signing secret (whsec_...): shown in this answer only")
            String secret) {}

    @Schema(name = "WebhookDelivery")
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record DeliveryView(
            @JsonProperty("id") long id,
            @JsonProperty("position") long position,
            @JsonProperty("event_id") String eventId,
            @JsonProperty("event_type") String eventType,
            @JsonProperty("attempt") int attempt,

            @JsonProperty("outcome") @Schema(allowableValues = {"DELIVERED", "FAILED"})
            String outcome,

            @JsonProperty("resend") boolean resend,

            @JsonProperty("http_status") @Schema(nullable = true)
            Integer httpStatus,

            @JsonProperty("duration_ms") long durationMs,
            @JsonProperty("error") @Schema(nullable = true) String error,
            @JsonProperty("attempted_at") String attemptedAt,

            @JsonProperty("next_attempt_at") @Schema(nullable = true)
            String nextAttemptAt) {}

    private final ObjectProvider<Webhooks> webhooks;
    private final ObjectProvider<EventStoreHead> head;
    private final ObjectMapper json;

    WebhookController(ObjectProvider<Webhooks> webhooks, ObjectProvider<EventStoreHead> head, ObjectMapper json) {
        this.webhooks = webhooks;
        this.head = head;
        this.json = json;
    }

    private Webhooks webhooks() {
        Webhooks available = webhooks.getIfAvailable();
        if (available == null) {
            throw new ApiProblem(
                    ProblemCode.NOT_AVAILABLE, "Webhooks read this database's event store: not under Axon Server.");
        }
        return available;
    }

    @PostMapping(ROUTE)
    @Operation(
            summary = "Register a webhook endpoint (its signing secret is shown once)",
            requestBody =
                    @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            required = true,
                            content = @Content(schema = @Schema(implementation = EndpointRequest.class))))
    @ApiResponse(
            responseCode = "201",
            description = "Created",
            content = @Content(schema = @Schema(implementation = WithSecret.class)))
    ResponseEntity<WithSecret> create(
            @RequestBody(required = false) byte[] body,
            @RequestHeader(value = HttpHeaders.CONTENT_TYPE, required = false) String contentType) {
        Webhooks hooks = webhooks();
        JsonNode node = JsonRequest.parse(json, body, contentType).body();
        var errors = new ArrayList<FieldError>();
        URI url = url(hooks.policy(), node.get("url"), true, errors);
        Set<String> types = types(node.get("event_types"), errors);
        String description = description(node.get("description"), errors);
        Long after = null;
        JsonNode rawAfter = node.get("after");
        if (rawAfter != null && !rawAfter.isNull()) {
            if (!rawAfter.isIntegralNumber() || !rawAfter.canConvertToLong() || rawAfter.longValue() < 0) {
                errors.add(new FieldError("after", "must be a position: an integer from 0"));
            } else {
                after = rawAfter.longValue();
            }
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid(errors);
        }
        var created = hooks.create(url, description, types == null ? Set.of() : types, after);
        return ResponseEntity.status(HttpStatus.CREATED)
                .header(HttpHeaders.LOCATION, ROUTE + "/" + created.endpoint().id())
                .body(new WithSecret(view(hooks, created.endpoint()), created.secret()));
    }

    @GetMapping(ROUTE)
    @Operation(summary = "The webhook endpoints, with their delivery state (never a secret)")
    @ApiResponse(
            responseCode = "200",
            description = "Every endpoint",
            content = @Content(array = @ArraySchema(schema = @Schema(implementation = EndpointView.class))))
    List<EndpointView> list() {
        Webhooks hooks = webhooks();
        return hooks.list().stream().map(e -> view(hooks, e)).toList();
    }

    @GetMapping(ROUTE + "/{id}")
    @Operation(summary = "One webhook endpoint")
    EndpointView get(@PathVariable String id) {
        Webhooks hooks = webhooks();
        return view(hooks, found(hooks.get(id), id));
    }

    @PatchMapping(ROUTE + "/{id}")
    @Operation(
            summary = "Change an endpoint's URL, types or description; disable it or enable it again",
            requestBody =
                    @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            required = true,
                            content = @Content(schema = @Schema(implementation = EndpointRequest.class))))
    EndpointView update(
            @PathVariable String id,
            @RequestBody(required = false) byte[] body,
            @RequestHeader(value = HttpHeaders.CONTENT_TYPE, required = false) String contentType) {
        Webhooks hooks = webhooks();
        JsonNode node = JsonRequest.parse(json, body, contentType).body();
        var errors = new ArrayList<FieldError>();
        URI url = node.has("url") ? url(hooks.policy(), node.get("url"), true, errors) : null;
        Set<String> types = node.has("event_types") ? types(node.get("event_types"), errors) : null;
        String description = node.has("description") ? description(node.get("description"), errors) : null;
        Boolean enabled = null;
        JsonNode rawEnabled = node.get("enabled");
        if (rawEnabled != null) {
            if (!rawEnabled.isBoolean()) {
                errors.add(new FieldError("enabled", "must be true or false"));
            } else {
                enabled = rawEnabled.booleanValue();
            }
        }
        if (node.has("after")) {
            errors.add(new FieldError("after", "is set at creation only"));
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid(errors);
        }
        found(hooks.get(id), id);
        var updated = hooks.update(
                id,
                Optional.ofNullable(url),
                node.has("description") ? Optional.ofNullable(description) : Optional.empty(),
                Optional.ofNullable(types),
                Optional.ofNullable(enabled));
        return view(hooks, found(updated, id));
    }

    @DeleteMapping(ROUTE + "/{id}")
    @Operation(summary = "Delete an endpoint, its cursor and its delivery log")
    @ApiResponse(responseCode = "204", description = "Deleted")
    ResponseEntity<Void> delete(@PathVariable String id) {
        if (!webhooks().delete(id)) {
            throw notFound(id);
        }
        return ResponseEntity.noContent().build();
    }

    @PostMapping(ROUTE + "/{id}/rotate-secret")
    @Operation(
            summary = "A new signing secret (shown once); the previous one keeps signing for a while",
            description = "Body (optional): `previous_secret_valid_seconds`, 0 to 604800 (default 86400). While it"
                    + " lasts, each delivery carries two v1 signatures, so receivers can switch without a gap.")
    @ApiResponse(
            responseCode = "200",
            description = "Rotated",
            content = @Content(schema = @Schema(implementation = WithSecret.class)))
    WithSecret rotate(
            @PathVariable String id,
            @RequestBody(required = false) byte[] body,
            @RequestHeader(value = HttpHeaders.CONTENT_TYPE, required = false) String contentType) {
        Webhooks hooks = webhooks();
        long seconds = DEFAULT_ROTATION_SECONDS;
        if (body != null && body.length > 0) {
            JsonNode raw = JsonRequest.parse(json, body, contentType).body().get("previous_secret_valid_seconds");
            if (raw != null && !raw.isNull()) {
                if (!raw.isIntegralNumber()
                        || !raw.canConvertToLong()
                        || raw.longValue() < 0
                        || raw.longValue() > MAX_ROTATION_SECONDS) {
                    throw ApiProblem.invalid(List.of(new FieldError(
                            "previous_secret_valid_seconds", "must be an integer from 0 to " + MAX_ROTATION_SECONDS)));
                }
                seconds = raw.longValue();
            }
        }
        var rotated = hooks.rotate(id, Duration.ofSeconds(seconds));
        if (rotated == null) {
            throw notFound(id);
        }
        return new WithSecret(view(hooks, rotated.endpoint()), rotated.secret());
    }

    @GetMapping(ROUTE + "/{id}/deliveries")
    @Operation(
            summary = "Every delivery attempt of an endpoint, newest first",
            description = "Paged: `limit` (1-1000, default 100); the `Link` header (rel=\"next\") holds the next"
                    + " (older) page's URL. Kept for bankcore.webhooks.delivery-log-retention (7 days).")
    @ApiResponse(
            responseCode = "200",
            description = "Attempts, newest first",
            content = @Content(array = @ArraySchema(schema = @Schema(implementation = DeliveryView.class))))
    ResponseEntity<List<DeliveryView>> deliveries(
            @PathVariable String id,
            @RequestParam(value = "limit", required = false) String limit,
            @RequestParam(value = "cursor", required = false) String cursor) {
        int pageSize = Paging.pageSize(limit);
        Long before = Paging.cursor(cursor);
        Webhooks hooks = webhooks();
        found(hooks.get(id), id);
        List<WebhookStore.Delivery> page = hooks.deliveries(id, before, pageSize);
        var response = ResponseEntity.ok();
        if (page.size() == pageSize) {
            String next = UriComponentsBuilder.fromPath(ROUTE + "/{id}/deliveries")
                    .queryParam("limit", pageSize)
                    .queryParam("cursor", page.get(page.size() - 1).id())
                    .buildAndExpand(id)
                    .toUriString();
            response.header(HttpHeaders.LINK, "<" + next + ">; rel=\"next\"");
        }
        return response.body(page.stream().map(WebhookController::view).toList());
    }

    @PostMapping(ROUTE + "/{id}/resend")
    @Operation(
            summary = "Send one event to the endpoint again, now",
            description = "Body: `position` (the event's). One attempt, logged with `resend: true`; the endpoint's"
                    + " cursor and failure count are not touched. Answers the attempt, delivered or failed.")
    @ApiResponse(
            responseCode = "200",
            description = "The attempt",
            content = @Content(schema = @Schema(implementation = DeliveryView.class)))
    DeliveryView resend(
            @PathVariable String id,
            @RequestBody(required = false) byte[] body,
            @RequestHeader(value = HttpHeaders.CONTENT_TYPE, required = false) String contentType) {
        Webhooks hooks = webhooks();
        JsonNode raw = JsonRequest.parse(json, body, contentType).body().get("position");
        if (raw == null || !raw.isIntegralNumber() || !raw.canConvertToLong() || raw.longValue() < 1) {
            throw ApiProblem.invalid(
                    List.of(new FieldError("position", "required: the position of the event to send again")));
        }
        long position = raw.longValue();
        found(hooks.get(id), id);
        return hooks.resend(id, position)
                .map(WebhookController::view)
                .orElseThrow(
                        () -> new ApiProblem(ProblemCode.EVENT_NOT_FOUND, "No event at position " + position + "."));
    }

    private static URI url(UrlPolicy policy, JsonNode raw, boolean required, List<FieldError> errors) {
        if (raw == null || raw.isNull()) {
            if (required) {
                errors.add(new FieldError("url", "field required"));
            }
            return null;
        }
        if (!raw.isString()) {
            errors.add(new FieldError("url", "must be a string"));
            return null;
        }
        try {
            return policy.check(raw.stringValue());
        } catch (UrlPolicy.Refused refused) {
            errors.add(new FieldError("url", refused.getMessage()));
            return null;
        }
    }

    private static Set<String> types(JsonNode raw, List<FieldError> errors) {
        var types = new LinkedHashSet<String>();
        if (raw == null || raw.isNull()) {
            return types;
        }
        if (!raw.isArray() || raw.size() > MAX_TYPES) {
            errors.add(new FieldError("event_types", "must be a list of at most " + MAX_TYPES + " event types"));
            return types;
        }
        for (JsonNode type : raw) {
            var refused = type.isString()
                    ? EventTypes.refusal(type.stringValue())
                    : Optional.of("each must be " + EventTypes.PATTERNS);
            if (refused.isPresent()) {
                errors.add(new FieldError("event_types", refused.get()));
                return types;
            }
            types.add(type.stringValue());
        }
        return types;
    }

    private static String description(JsonNode raw, List<FieldError> errors) {
        if (raw == null || raw.isNull()) {
            return null;
        }
        if (!raw.isString() || raw.stringValue().length() > MAX_DESCRIPTION) {
            errors.add(new FieldError("description", "must be a string of at most " + MAX_DESCRIPTION + " characters"));
            return null;
        }
        return raw.stringValue();
    }

    private static WebhookStore.Endpoint found(WebhookStore.Endpoint endpoint, String id) {
        if (endpoint == null) {
            throw notFound(id);
        }
        return endpoint;
    }

    private static ApiProblem notFound(String id) {
        return new ApiProblem(ProblemCode.WEBHOOK_NOT_FOUND, "No webhook endpoint with id " + id + ".");
    }

    private EndpointView view(Webhooks hooks, WebhookStore.Endpoint e) {
        SinkCursors.Cursor cursor = hooks.cursor(e.id());
        long position = cursor == null ? 0 : cursor.position();
        long lag = 0;
        EventStoreHead store = head.getIfAvailable();
        if (store != null) {
            lag = store.behind(position, store.head()).events();
        }
        return new EndpointView(
                e.id(),
                e.url(),
                e.description(),
                List.copyOf(e.eventTypes()),
                e.enabled(),
                e.disabledReason(),
                position,
                lag,
                cursor == null ? 0 : cursor.failures(),
                iso(cursor == null ? null : cursor.nextAttemptAt()),
                cursor == null ? null : cursor.lastError(),
                cursor == null ? null : cursor.owner(),
                iso(e.previousSecretUntil()),
                iso(e.createdAt()),
                iso(e.updatedAt()));
    }

    private static DeliveryView view(WebhookStore.Delivery d) {
        return new DeliveryView(
                d.id(),
                d.position(),
                d.eventId(),
                d.eventType(),
                d.attempt(),
                d.outcome(),
                d.resend(),
                d.httpStatus(),
                d.durationMs(),
                d.error(),
                iso(d.attemptedAt()),
                iso(d.nextAttemptAt()));
    }

    private static String iso(Instant instant) {
        return instant == null ? null : Paging.iso(instant);
    }
}
