package io.bankcore.app.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.bankcore.app.security.ApiKeys;
import io.bankcore.app.security.RouteScopes;
import io.bankcore.app.web.ApiProblem.FieldError;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * {@code /admin/api-keys}: create (the key is in that answer only), list (never a secret), revoke. A
 * revoked key is refused on every instance within the key cache's time to live (2 s by default).
 */
@RestController
@Tag(name = "admin")
@ConditionalOnProperty(prefix = "bankcore.admin", name = "enabled", havingValue = "true", matchIfMissing = true)
class ApiKeyController {

    private static final String ROUTE = AdminController.PREFIX + "/api-keys";
    private static final int MAX_NAME = 200;

    @Schema(name = "ApiKeyRequest")
    record CreateRequest(
            @JsonProperty("name") @Schema(requiredMode = Schema.RequiredMode.REQUIRED, maxLength = MAX_NAME)
            String name,

            @JsonProperty("scopes")
            @ArraySchema(
                    schema =
                            @Schema(
                                    allowableValues = {
                                        "accounts:read",
                                        "accounts:write",
                                        "transfers:write",
                                        "events:read",
                                        "admin"
                                    }))
            List<String> scopes,

            @JsonProperty("tenant")
            @Schema(description = "account-number prefix (1-12 digits): the key sees and moves only those accounts")
            String tenant,

            @JsonProperty("expires_at")
            @Schema(description = "ISO-8601 instant in the future; none: the key does not expire")
            String expiresAt) {}

    @Schema(name = "ApiKey")
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record KeyView(
            @JsonProperty("id") String id,

            @JsonProperty("prefix") @Schema(description = "the key's visible start, to recognise it")
            String prefix,

            @JsonProperty("name") String name,
            @JsonProperty("scopes") List<String> scopes,

            @JsonProperty("tenant") @Schema(nullable = true, description = "account-number prefix the key is bound to")
            String tenant,

            @JsonProperty("created_at") String createdAt,

            @JsonProperty("expires_at") @Schema(nullable = true)
            String expiresAt,

            @JsonProperty("revoked_at") @Schema(nullable = true)
            String revokedAt) {}

    @Schema(name = "ApiKeyCreated")
    record Created(
            @JsonProperty("key") @Schema(description = "the key itself: shown this once, stored only as a hash")
            String key,

            @JsonProperty("api_key") KeyView apiKey) {}

    private final ApiKeys keys;
    private final ObjectMapper json;

    ApiKeyController(ApiKeys keys, ObjectMapper json) {
        this.keys = keys;
        this.json = json;
    }

    @PostMapping(ROUTE)
    @Operation(
            summary = "Create an API key (shown once)",
            requestBody =
                    @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            required = true,
                            content = @Content(schema = @Schema(implementation = CreateRequest.class))))
    @ApiResponse(
            responseCode = "201",
            description = "Created",
            content = @Content(schema = @Schema(implementation = Created.class)))
    ResponseEntity<Created> create(
            @RequestBody(required = false) byte[] body,
            @RequestHeader(value = HttpHeaders.CONTENT_TYPE, required = false) String contentType) {
        JsonNode node = JsonRequest.parse(json, body, contentType).body();
        var errors = new ArrayList<FieldError>();
        String name = null;
        JsonNode rawName = node.get("name");
        if (rawName == null) {
            errors.add(new FieldError("name", "field required"));
        } else if (!rawName.isString()
                || rawName.stringValue().isBlank()
                || rawName.stringValue().length() > MAX_NAME) {
            errors.add(new FieldError("name", "must be a string of 1 to " + MAX_NAME + " characters"));
        } else {
            name = rawName.stringValue().strip();
        }
        Set<String> scopes = new LinkedHashSet<>();
        JsonNode rawScopes = node.get("scopes");
        if (rawScopes == null || !rawScopes.isArray() || rawScopes.isEmpty()) {
            errors.add(new FieldError("scopes", "must be a non-empty list of " + String.join(", ", RouteScopes.ALL)));
        } else {
            for (JsonNode scope : rawScopes) {
                if (!scope.isString() || !RouteScopes.ALL.contains(scope.stringValue())) {
                    errors.add(new FieldError(
                            "scopes", "unknown scope " + scope + " (of " + String.join(", ", RouteScopes.ALL) + ")"));
                } else {
                    scopes.add(scope.stringValue());
                }
            }
        }
        Optional<Instant> expiresAt = Optional.empty();
        JsonNode rawExpiry = node.get("expires_at");
        if (rawExpiry != null && !rawExpiry.isNull()) {
            try {
                if (!rawExpiry.isString()) {
                    throw new DateTimeParseException("not a string", String.valueOf(rawExpiry), 0);
                }
                var instant =
                        java.time.OffsetDateTime.parse(rawExpiry.stringValue()).toInstant();
                if (!instant.isAfter(Instant.now())) {
                    errors.add(new FieldError("expires_at", "must be in the future"));
                }
                expiresAt = Optional.of(instant);
            } catch (DateTimeParseException wrong) {
                errors.add(new FieldError(
                        "expires_at", "must be an ISO-8601 instant with a zone, e.g. 2027-01-31T00:00:00Z"));
            }
        }
        Optional<String> tenant = Optional.empty();
        JsonNode rawTenant = node.get("tenant");
        if (rawTenant != null && !rawTenant.isNull()) {
            if (!rawTenant.isString() || !rawTenant.stringValue().matches("[0-9]{1,12}")) {
                errors.add(new FieldError("tenant", "must be an account-number prefix: 1 to 12 ASCII digits"));
            } else if (scopes.contains(RouteScopes.ADMIN)) {
                errors.add(new FieldError(
                        "tenant", "a tenant-bound key cannot have the admin scope (admin sees every account)"));
            } else {
                tenant = Optional.of(rawTenant.stringValue());
            }
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid(errors);
        }
        var created = keys.create(name, scopes, tenant, expiresAt);
        return ResponseEntity.status(HttpStatus.CREATED).body(new Created(created.value(), view(created.key())));
    }

    @GetMapping(ROUTE)
    @Operation(summary = "The API keys, without their secrets")
    @ApiResponse(
            responseCode = "200",
            description = "Every key, revoked ones included",
            content = @Content(array = @ArraySchema(schema = @Schema(implementation = KeyView.class))))
    List<KeyView> list() {
        return keys.list().stream().map(ApiKeyController::view).toList();
    }

    @DeleteMapping(ROUTE + "/{id}")
    @Operation(summary = "Revoke an API key: refused on every instance within 2 s")
    @ApiResponse(responseCode = "204", description = "Revoked (or already revoked)")
    ResponseEntity<Void> revoke(@PathVariable String id) {
        if (!keys.revoke(id)) {
            throw new ApiProblem(ProblemCode.API_KEY_NOT_FOUND, "No API key with id " + id + ".");
        }
        return ResponseEntity.noContent().build();
    }

    private static KeyView view(ApiKeys.Key key) {
        return new KeyView(
                key.id(),
                key.prefix(),
                key.name(),
                RouteScopes.ALL.stream().filter(key.scopes()::contains).toList(),
                key.tenant().orElse(null),
                key.createdAt().toString(),
                key.expiresAt().map(Instant::toString).orElse(null),
                key.revokedAt().map(Instant::toString).orElse(null));
    }
}
