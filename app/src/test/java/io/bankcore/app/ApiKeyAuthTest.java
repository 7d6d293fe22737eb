package io.bankcore.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.bankcore.app.support.AccountNumbers;
import io.bankcore.app.support.Http;
import io.bankcore.app.support.PostgresDatabase;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * API keys on PostgreSQL: every route against every kind of credential it may meet, each answered with
 * the documented status and code and changing nothing; key management; public routes; no secret in
 * any log line, error body or metric.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"BANKCORE_BOOTSTRAP_ADMIN_KEY=" + ApiKeyAuthTest.BOOTSTRAP, "bankcore.api-keys.cache-ttl=500ms"})
@ActiveProfiles("postgres")
@ExtendWith(OutputCaptureExtension.class)
class ApiKeyAuthTest {

    static final String BOOTSTRAP = "test-bootstrap-admin-key-0123456789abcdef0123456789";
    static final List<String> ALL_SCOPES =
            List.of("accounts:read", "accounts:write", "transfers:write", "events:read", "admin");

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        PostgresDatabase.register(registry, "auth_keys", "api-key");
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    Http anonymous;
    Http admin;

    @BeforeEach
    void clients() {
        anonymous = new Http(port);
        admin = new Http(port, Map.of("X-API-Key", BOOTSTRAP));
    }

    static String createKey(int port, String name, List<String> scopes) {
        return createKey(port, name, scopes, null).get("key").stringValue();
    }

    static JsonNode createKey(int port, String name, List<String> scopes, String expiresAt) {
        var body = new java.util.LinkedHashMap<String, Object>();
        body.put("name", name);
        body.put("scopes", scopes);
        if (expiresAt != null) {
            body.put("expires_at", expiresAt);
        }
        var created =
                new Http(port, Map.of("Authorization", "Bearer " + BOOTSTRAP)).post("/admin/api-keys", Http.json(body));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json();
    }

    Http with(String key) {
        return new Http(port, Map.of("X-API-Key", key));
    }

    /** Every route of the service, with the scope it needs and a request that would change something. */
    record Route(String method, String path, String body, String scope) {}

    List<Route> routes(String account, String other) {
        return List.of(
                new Route(
                        "POST",
                        "/accounts",
                        "{\"account_number\":\"" + AccountNumbers.fresh() + "\"}",
                        "accounts:write"),
                new Route("POST", "/accounts/" + account + "/deposit", "{\"amount_cents\":5}", "accounts:write"),
                new Route("POST", "/accounts/" + account + "/withdraw", "{\"amount_cents\":5}", "accounts:write"),
                // Not an operator's decision: the admin scope alone cannot change a limit.
                new Route(
                        "PUT",
                        "/accounts/" + account + "/overdraft-limit",
                        "{\"overdraft_limit_cents\":5000}",
                        "accounts:write"),
                new Route(
                        "POST",
                        "/transfers",
                        "{\"from_account_number\":\"" + account + "\",\"to_account_number\":\"" + other
                                + "\",\"amount_cents\":5}",
                        "transfers:write"),
                new Route("GET", "/accounts/" + account + "/balance", null, "accounts:read"),
                new Route("GET", "/accounts/" + account + "/transactions", null, "accounts:read"),
                new Route("GET", "/accounts/" + account + "/events", null, "accounts:read"),
                new Route("GET", "/transfers/00000000-0000-4000-8000-000000000000", null, "accounts:read"),
                new Route("GET", "/accounts/" + account + "/reservations", null, "accounts:read"),
                new Route("POST", "/transfers/00000000-0000-4000-8000-000000000000/post", "{}", "transfers:write"),
                new Route("POST", "/transfers/00000000-0000-4000-8000-000000000000/void", "{}", "transfers:write"),
                new Route("POST", "/transfers/00000000-0000-4000-8000-000000000000/reverse", "{}", "transfers:write"),
                new Route(
                        "POST",
                        "/transfers/batch",
                        "{\"transfers\":[{\"from_account_number\":\"" + account + "\",\"to_account_number\":\"" + other
                                + "\",\"amount_cents\":5}]}",
                        "transfers:write"),
                new Route("POST", "/accounts/" + account + "/unfreeze", "{}", "admin"),
                new Route("GET", "/admin/stats", null, "admin"),
                new Route("GET", "/admin/processors", null, "admin"),
                new Route("POST", "/admin/audit", "{}", "admin"),
                new Route("GET", "/admin/api-keys", null, "admin"),
                new Route("POST", "/admin/api-keys", "{\"name\":\"x\",\"scopes\":[\"admin\"]}", "admin"),
                new Route("GET", "/actuator/prometheus", null, "admin"),
                new Route("GET", "/actuator/health", null, "admin"));
    }

    Http.Response send(Http client, Route route, Map<String, String> extraHeaders) {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + route.path()));
        extraHeaders.forEach(request::header);
        if (route.body() == null) {
            request.GET();
        } else {
            request.header("Content-Type", "application/json")
                    .method(route.method(), HttpRequest.BodyPublishers.ofString(route.body()));
        }
        return client.send(request);
    }

    long balance(String account) {
        return with(createOnce())
                .get("/accounts/" + account + "/balance")
                .json()
                .get("balance_cents")
                .longValue();
    }

    private static String everything;

    String createOnce() {
        if (everything == null) {
            everything = createKey(port, "everything", ALL_SCOPES);
        }
        return everything;
    }

    long keysStored() {
        return jdbc.queryForObject("select count(*) from api_key", Long.class);
    }

    long accounts() {
        return jdbc.queryForObject("select count(*) from account_balance", Long.class);
    }

    void assertRefused(Http.Response response, int status, String code, String context) {
        assertThat(response.status()).as(context + ": " + response).isEqualTo(status);
        assertThat(response.header("Content-Type")).as(context).startsWith("application/problem+json");
        assertThat(response.json().get("code").stringValue()).as(context).isEqualTo(code);
        if (status == 401) {
            assertThat(response.header("WWW-Authenticate")).as(context).isEqualTo("Bearer realm=\"bankcore\"");
        }
    }

    @Test
    void every_route_refuses_every_bad_credential_with_its_code_and_changes_nothing() throws Exception {
        var full = with(createOnce());
        String account = full.openAccount(1_000);
        String other = full.openAccount(0);
        String revoked = createKey(port, "revoked", ALL_SCOPES);
        String revokedId = revoked.substring("bk_live_".length(), "bk_live_".length() + 12);
        assertThat(admin.send(HttpRequest.newBuilder(
                                        URI.create("http://127.0.0.1:" + port + "/admin/api-keys/" + revokedId))
                                .DELETE())
                        .status())
                .isEqualTo(204);
        String expired = createKey(
                        port,
                        "expiring",
                        ALL_SCOPES,
                        Instant.now().plusSeconds(1).toString())
                .get("key")
                .stringValue();
        Thread.sleep(1_600);
        String unknown = "bk_live_abcdefghijkm_" + "A".repeat(43);

        Map<String, Map<String, String>> unauthenticated = new java.util.LinkedHashMap<>();
        unauthenticated.put("no credential", Map.of());
        unauthenticated.put("Basic scheme", Map.of("Authorization", "Basic dXNlcjpwYXNz"));
        unauthenticated.put("Bearer without a token", Map.of("Authorization", "Bearer"));
        unauthenticated.put("empty X-API-Key", Map.of("X-API-Key", " "));
        unauthenticated.put(
                "both headers", Map.of("X-API-Key", createOnce(), "Authorization", "Bearer " + createOnce()));
        unauthenticated.put("unknown key", Map.of("X-API-Key", unknown));
        unauthenticated.put("not a key", Map.of("Authorization", "Bearer hello"));
        unauthenticated.put(
                "a valid key's id with another secret",
                Map.of("X-API-Key", createOnce().substring(0, 21) + "B".repeat(43)));
        unauthenticated.put("revoked key", Map.of("X-API-Key", revoked));
        unauthenticated.put("expired key", Map.of("X-API-Key", expired));

        long keysBefore = keysStored();
        long accountsBefore = accounts();
        for (Route route : routes(account, other)) {
            for (var credential : unauthenticated.entrySet()) {
                assertRefused(
                        send(anonymous, route, credential.getValue()),
                        401,
                        "UNAUTHENTICATED",
                        route.method() + " " + route.path() + " with " + credential.getKey());
            }
            List<String> others = new ArrayList<>(ALL_SCOPES);
            others.remove(route.scope());
            String wrong = createKey(port, "without " + route.scope(), others);
            var forbidden = send(with(wrong), route, Map.of());
            assertRefused(
                    forbidden, 403, "FORBIDDEN", route.method() + " " + route.path() + " without " + route.scope());
            assertThat(forbidden.json().get("detail").stringValue()).contains("'" + route.scope() + "'");
        }
        long createdForTheMatrix = routes(account, other).size();
        assertThat(keysStored()).isEqualTo(keysBefore + createdForTheMatrix);
        assertThat(accounts()).isEqualTo(accountsBefore);
        assertThat(balance(account)).isEqualTo(1_000);
        assertThat(balance(other)).isZero();
    }

    /** The scope each documented public route needs, written here by hand; every admin route needs admin. */
    static final Map<String, String> PUBLIC_ROUTE_SCOPES = Map.ofEntries(
            Map.entry("POST /accounts", "accounts:write"),
            Map.entry("GET /accounts", "accounts:read"),
            Map.entry("GET /accounts/{accountNumber}", "accounts:read"),
            Map.entry("PATCH /accounts/{accountNumber}", "accounts:write"),
            Map.entry("PUT /accounts/{accountNumber}/overdraft-limit", "accounts:write"),
            Map.entry("GET /transfers", "accounts:read"),
            Map.entry("GET /accounts/{accountNumber}/statement", "accounts:read"),
            Map.entry("POST /accounts/{accountNumber}/deposit", "accounts:write"),
            Map.entry("POST /accounts/{accountNumber}/withdraw", "accounts:write"),
            Map.entry("GET /accounts/{accountNumber}/balance", "accounts:read"),
            Map.entry("GET /accounts/{accountNumber}/transactions", "accounts:read"),
            Map.entry("GET /accounts/{accountNumber}/events", "accounts:read"),
            Map.entry("GET /accounts/{accountNumber}/reservations", "accounts:read"),
            Map.entry("POST /accounts/{accountNumber}/freeze", "admin"),
            Map.entry("POST /accounts/{accountNumber}/unfreeze", "admin"),
            Map.entry("POST /accounts/{accountNumber}/close", "admin"),
            Map.entry("POST /transfers", "transfers:write"),
            Map.entry("POST /transfers/{transferId}/post", "transfers:write"),
            Map.entry("POST /transfers/{transferId}/void", "transfers:write"),
            Map.entry("POST /transfers/{transferId}/reverse", "transfers:write"),
            Map.entry("POST /transfers/batch", "transfers:write"),
            Map.entry("GET /transfers/{transferId}", "accounts:read"),
            Map.entry("GET /events", "events:read"),
            Map.entry("GET /events/stream", "events:read"));

    /**
     * Every operation the OpenAPI documents list, as {operation, method, concrete path, scope}: the
     * scope from {@link #PUBLIC_ROUTE_SCOPES} (or admin), so that a route added without a decision
     * here fails the test.
     */
    static List<String[]> documentedOperations(Http anonymous, String account) {
        List<String[]> operations = new ArrayList<>();
        for (String document : List.of("/openapi.json", "/openapi.json/admin")) {
            JsonNode paths = anonymous.get(document).json().get("paths");
            for (String path : paths.propertyNames()) {
                for (String method : paths.get(path).propertyNames()) {
                    String operation = method.toUpperCase(java.util.Locale.ROOT) + " " + path;
                    String scope = path.startsWith("/admin/") ? "admin" : PUBLIC_ROUTE_SCOPES.get(operation);
                    assertThat(scope)
                            .as(operation + " is documented but not classified in this test")
                            .isNotNull();
                    String concrete = path.replace("{accountNumber}", account)
                            .replace("{transferId}", "00000000-0000-4000-8000-000000000000")
                            .replaceAll("\\{[^}]+}", "x");
                    operations.add(
                            new String[] {operation, method.toUpperCase(java.util.Locale.ROOT), concrete, scope});
                }
            }
        }
        return operations;
    }

    /** The operation as a request: a body that would change something for a write. */
    static HttpRequest.Builder request(int port, String[] operation) {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + operation[2]));
        if (operation[1].equals("POST")) {
            String body = "{\"name\":\"n\",\"scopes\":[\"admin\"],\"account_number\":\"" + AccountNumbers.fresh()
                    + "\",\"amount_cents\":1}";
            return request.header("Content-Type", "application/json")
                    .method(operation[1], HttpRequest.BodyPublishers.ofString(body));
        }
        return request.method(operation[1], HttpRequest.BodyPublishers.noBody());
    }

    long events() {
        return jdbc.queryForObject("select count(*) from domain_event_entry", Long.class);
    }

    @Test
    void every_route_the_api_documents_refuses_a_missing_credential_and_a_missing_scope() {
        String account = with(createOnce()).openAccount(100);
        List<String[]> operations = documentedOperations(anonymous, account);
        assertThat(operations.size()).isGreaterThanOrEqualTo(PUBLIC_ROUTE_SCOPES.size() + 5);
        long accounts = accounts();
        long keys = keysStored();
        long events = events();
        Map<String, String> withoutScope = new java.util.HashMap<>();
        for (String scope : ALL_SCOPES) {
            List<String> others = new ArrayList<>(ALL_SCOPES);
            others.remove(scope);
            withoutScope.put(scope, createKey(port, "all but " + scope, others));
        }
        keys = keysStored();
        for (String[] operation : operations) {
            var request = request(port, operation);
            assertRefused(anonymous.send(request), 401, "UNAUTHENTICATED", operation[0] + " without a credential");
            var forbidden = with(withoutScope.get(operation[3])).send(request);
            assertRefused(forbidden, 403, "FORBIDDEN", operation[0] + " without " + operation[3]);
        }
        assertThat(accounts()).isEqualTo(accounts);
        assertThat(keysStored()).isEqualTo(keys);
        assertThat(events()).isEqualTo(events);
    }

    @Test
    void a_key_with_the_scope_may_use_its_routes_and_only_those() {
        String writer = createKey(port, "writer", List.of("accounts:write"));
        var created = with(writer)
                .post(
                        "/accounts",
                        "{\"account_number\":\"" + AccountNumbers.fresh() + "\",\"initial_balance_cents\":10}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String number = created.json().get("account_number").stringValue();
        assertThat(with(writer)
                        .post("/accounts/" + number + "/deposit", "{\"amount_cents\":5}")
                        .status())
                .isEqualTo(200);
        assertRefused(with(writer).get("/accounts/" + number + "/balance"), 403, "FORBIDDEN", "read with a writer");
        assertThat(balance(number)).isEqualTo(15);
        // An unknown route with a valid credential is what it is without authentication: a 404.
        var unknown = with(writer).get("/no/such/route");
        assertThat(unknown.status()).isEqualTo(404);
    }

    @Test
    void public_routes_need_no_credential() {
        for (String path : List.of(
                "/actuator/health/liveness", "/actuator/health/readiness", "/openapi.json", "/ops/index.html")) {
            var response = anonymous.get(path);
            assertThat(response.status()).as(path + ": " + response.status()).isEqualTo(200);
        }
        assertThat(anonymous.get("/docs").status()).isIn(200, 302);
    }

    @Test
    void the_openapi_documents_declare_the_security_schemes() {
        for (String path : List.of("/openapi.json", "/openapi.json/admin")) {
            var document = anonymous.get(path).json();
            var schemes = document.get("components").get("securitySchemes");
            assertThat(schemes.get("apiKey").get("name").stringValue()).as(path).isEqualTo("X-API-Key");
            assertThat(schemes.get("bearer").get("scheme").stringValue())
                    .as(path)
                    .isEqualTo("bearer");
            assertThat(document.get("security").size()).as(path).isEqualTo(2);
        }
    }

    @Test
    void keys_are_listed_without_secrets_and_a_revoked_key_is_refused_within_seconds() throws Exception {
        var created = createKey(port, "to revoke", List.of("accounts:read"), null);
        String key = created.get("key").stringValue();
        String id = created.get("api_key").get("id").stringValue();
        assertThat(key).startsWith("bk_live_" + id + "_");
        assertThat(created.get("api_key").get("prefix").stringValue()).isEqualTo("bk_live_" + id);

        var list = admin.get("/admin/api-keys");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body()).contains(id).doesNotContain(key.substring(21));
        assertThat(jdbc.queryForObject("select secret_hash from api_key where key_id = ?", String.class, id))
                .doesNotContain(key.substring(21))
                .hasSize(64);

        String account = with(createOnce()).openAccount(0);
        assertThat(with(key).get("/accounts/" + account + "/balance").status()).isEqualTo(200);
        var revoke = admin.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/admin/api-keys/" + id))
                .DELETE());
        assertThat(revoke.status()).isEqualTo(204);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(5));
        int status = 200;
        while (Instant.now().isBefore(deadline) && status == 200) {
            status = with(key).get("/accounts/" + account + "/balance").status();
            Thread.sleep(50);
        }
        assertThat(status).isEqualTo(401);
        var listed = admin.get("/admin/api-keys").json();
        boolean revokedShown = false;
        for (JsonNode k : listed) {
            if (k.get("id").stringValue().equals(id)) {
                revokedShown = !k.get("revoked_at").isNull();
            }
        }
        assertThat(revokedShown).isTrue();

        var missing =
                admin.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/admin/api-keys/nosuchkey"))
                        .DELETE());
        assertRefused(missing, 404, "API_KEY_NOT_FOUND", "revoke an unknown key");
    }

    @Test
    void a_key_request_is_checked_field_by_field() {
        for (String body : List.of(
                "{}",
                "{\"name\":\"x\"}",
                "{\"name\":\"x\",\"scopes\":[]}",
                "{\"name\":\"x\",\"scopes\":[\"root\"]}",
                "{\"name\":\"\",\"scopes\":[\"admin\"]}",
                "{\"name\":\"x\",\"scopes\":[\"admin\"],\"expires_at\":\"yesterday\"}",
                "{\"name\":\"x\",\"scopes\":[\"admin\"],\"expires_at\":\"2001-01-01T00:00:00Z\"}",
                "{\"name\":\"x\",\"scopes\":[\"admin\"],\"tenant\":\"0001\"}",
                "{\"name\":\"x\",\"scopes\":[\"accounts:read\"],\"tenant\":\"12a\"}",
                "{\"name\":\"x\",\"scopes\":[\"accounts:read\"],\"tenant\":\"1234567890123\"}",
                "{\"name\":\"x\",\"scopes\":[\"accounts:read\"],\"tenant\":12}")) {
            long before = keysStored();
            var refused = admin.post("/admin/api-keys", body);
            assertRefused(refused, 422, "INVALID_REQUEST", body);
            assertThat(keysStored()).isEqualTo(before);
        }
    }

    @Test
    void the_principal_is_in_every_event_of_a_transfer_and_in_the_request_log(CapturedOutput output) {
        var created =
                createKey(port, "transfer client", List.of("accounts:read", "accounts:write", "transfers:write"), null);
        String key = created.get("key").stringValue();
        String principal = "key:" + created.get("api_key").get("id").stringValue();
        var client = with(key);
        String from = client.openAccount(1_000);
        String to = client.openAccount(0);
        var done = client.post(
                "/transfers",
                "{\"from_account_number\":\"" + from + "\",\"to_account_number\":\"" + to + "\",\"amount_cents\":300}");
        assertThat(done.status()).as(done.toString()).isEqualTo(200);

        for (String account : List.of(from, to)) {
            JsonNode events = client.get("/accounts/" + account + "/events").json();
            assertThat(events.size()).isGreaterThanOrEqualTo(2);
            for (JsonNode event : events) {
                assertThat(event.get("principal").stringValue())
                        .as(account + ": " + event)
                        .isEqualTo(principal);
            }
        }
        assertThat(output.getAll())
                .contains("POST /transfers 200")
                .contains(principal)
                .doesNotContain(key.substring(21));
    }

    /** A number under the prefix, not handed out before. */
    static String numberUnder(String prefix) {
        String fresh = AccountNumbers.fresh();
        return prefix + fresh.substring(prefix.length());
    }

    @Test
    void the_event_feed_needs_events_read_and_is_refused_to_a_tenant_bound_key() {
        var reader = with(createKey(port, "feed reader", List.of("events:read")));
        var page = reader.get("/events?limit=1");
        assertThat(page.status()).as(page.toString()).isEqualTo(200);
        assertThat(page.json().has("newest_position")).isTrue();
        var created = admin.post(
                "/admin/api-keys", "{\"name\":\"tenant feed\",\"scopes\":[\"events:read\"],\"tenant\":\"0042\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        var tenant = with(created.json().get("key").stringValue());
        assertRefused(tenant.get("/events"), 403, "FORBIDDEN", "the feed with a tenant-bound key");
        assertRefused(tenant.get("/events/stream"), 403, "FORBIDDEN", "the stream with a tenant-bound key");
    }

    @Test
    void a_tenant_bound_key_sees_and_moves_only_its_tenant_s_accounts_and_others_do_not_exist_for_it() {
        String tenant = "7" + AccountNumbers.fresh().substring(5, 8);
        var full = with(createOnce());
        String mine = numberUnder(tenant);
        String alsoMine = numberUnder(tenant);
        String theirs = numberUnder("6" + tenant.substring(1));
        String missingMine = numberUnder(tenant);
        assertThat(full.post("/accounts", "{\"account_number\":\"" + mine + "\",\"initial_balance_cents\":1000}")
                        .status())
                .isEqualTo(201);
        assertThat(full.post("/accounts", "{\"account_number\":\"" + alsoMine + "\"}")
                        .status())
                .isEqualTo(201);
        assertThat(full.post("/accounts", "{\"account_number\":\"" + theirs + "\",\"initial_balance_cents\":1000}")
                        .status())
                .isEqualTo(201);
        var created = admin.post(
                "/admin/api-keys",
                "{\"name\":\"tenant\",\"scopes\":[\"accounts:read\",\"accounts:write\",\"transfers:write\"],\"tenant\":\""
                        + tenant + "\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().get("api_key").get("tenant").stringValue()).isEqualTo(tenant);
        var client = with(created.json().get("key").stringValue());

        // Its own accounts: as usual.
        assertThat(client.get("/accounts/" + mine + "/balance").status()).isEqualTo(200);
        assertThat(client.post("/accounts/" + mine + "/deposit", "{\"amount_cents\":5}")
                        .status())
                .isEqualTo(200);
        var inside = client.post("/transfers", transfer(mine, alsoMine, 100));
        assertThat(inside.status()).as(inside.toString()).isEqualTo(200);
        assertThat(client.get("/transfers/"
                                + inside.json().get("correlation_id").stringValue())
                        .status())
                .isEqualTo(200);

        // Another tenant's account answers exactly as an account that does not exist.
        String missingBody = full.get("/accounts/" + missingMine + "/balance").body();
        var refusedBalance = client.get("/accounts/" + theirs + "/balance");
        assertThat(refusedBalance.status()).isEqualTo(404);
        assertThat(refusedBalance.body()).isEqualTo(missingBody.replace(missingMine, theirs));
        for (var answer : List.of(
                client.get("/accounts/" + theirs + "/transactions"),
                client.get("/accounts/" + theirs + "/events"),
                client.get("/accounts/" + theirs + "/balance?as_of=2030-01-01T00:00:00Z"),
                client.post("/accounts/" + theirs + "/deposit", "{\"amount_cents\":5}"),
                client.post("/accounts/" + theirs + "/withdraw", "{\"amount_cents\":5}"),
                client.post("/transfers", transfer(theirs, mine, 10)),
                client.post("/transfers", transfer(mine, theirs, 10)))) {
            assertRefused(answer, 404, "ACCOUNT_NOT_FOUND", answer.toString());
            assertThat(answer.json().get("detail").stringValue()).contains(theirs);
        }
        // In an atomic batch too: another tenant's account is unknown to it, and the batch changes nothing.
        var batch = client.post(
                "/transfers/batch",
                "{\"transfers\":[" + transfer(mine, alsoMine, 1) + "," + transfer(alsoMine, theirs, 1) + "]}");
        assertRefused(batch, 404, "BATCH_REFUSED", batch.toString());
        assertThat(batch.json().get("failed_index").intValue()).isEqualTo(1);
        assertThat(batch.json().get("results").get(1).stringValue()).isEqualTo("ACCOUNT_NOT_FOUND");
        var ownBatch = client.post(
                "/transfers/batch",
                "{\"transfers\":[" + transfer(mine, alsoMine, 1) + "," + transfer(alsoMine, mine, 1) + "]}");
        assertThat(ownBatch.status()).as(ownBatch.toString()).isEqualTo(200);
        // Into another tenant from an own account that does not exist: the source is what is missing, as always.
        var fromMissing = client.post("/transfers", transfer(missingMine, theirs, 10));
        assertRefused(fromMissing, 404, "ACCOUNT_NOT_FOUND", fromMissing.toString());
        assertThat(fromMissing.json().get("detail").stringValue()).contains(missingMine);
        // A transfer of another tenant's is not found; opening outside the tenant is forbidden.
        var theirTransfer = full.post("/transfers", transfer(theirs, mine, 1));
        assertThat(theirTransfer.status()).isEqualTo(200);
        assertRefused(
                client.get("/transfers/"
                        + theirTransfer.json().get("correlation_id").stringValue()),
                404,
                "TRANSFER_NOT_FOUND",
                "another tenant's transfer");
        assertRefused(
                client.post("/accounts", "{\"account_number\":\"" + numberUnder("5" + tenant.substring(1)) + "\"}"),
                403,
                "FORBIDDEN",
                "open outside the tenant");
        assertThat(client.post("/accounts", "{\"account_number\":\"" + numberUnder(tenant) + "\"}")
                        .status())
                .isEqualTo(201);

        assertThat(balance(theirs)).isEqualTo(999);
        assertThat(balance(mine)).isEqualTo(1_000 + 5 - 100 + 1);
        assertThat(balance(alsoMine)).isEqualTo(100);
    }

    static String transfer(String from, String to, long amount) {
        return "{\"from_account_number\":\"" + from + "\",\"to_account_number\":\"" + to + "\",\"amount_cents\":"
                + amount + "}";
    }

    @Test
    void idempotency_keys_belong_to_the_client_that_sent_them() {
        String account = with(createOnce()).openAccount(0);
        String first = createKey(port, "client one", List.of("accounts:write"));
        String second = createKey(port, "client two", List.of("accounts:write"));
        String path = "/accounts/" + account + "/deposit";
        for (String client : List.of(first, second, first)) {
            with(client)
                    .send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                            .header("Content-Type", "application/json")
                            .header("Idempotency-Key", "shared-key")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"amount_cents\":10}")));
        }
        assertThat(balance(account)).isEqualTo(20);
    }

    @Test
    void no_secret_reaches_a_log_line_an_error_body_or_a_metric(CapturedOutput output) {
        String key = createKey(port, "secretive", ALL_SCOPES);
        String secret = key.substring(21);
        String account = with(key).openAccount(5);
        with(key).get("/accounts/" + account + "/balance");
        var refused = new Http(port, Map.of("X-API-Key", key + "x")).get("/accounts/" + account + "/balance");
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.body()).doesNotContain(secret);
        var bootstrapRefused = new Http(port, Map.of("Authorization", "Bearer " + BOOTSTRAP + "x")).get("/admin/stats");
        assertThat(bootstrapRefused.body()).doesNotContain(BOOTSTRAP);
        String metrics = admin.get("/actuator/prometheus").body();
        assertThat(metrics).doesNotContain(secret).doesNotContain(BOOTSTRAP);
        assertThat(output.getAll()).doesNotContain(secret).doesNotContain(BOOTSTRAP);
    }
}
