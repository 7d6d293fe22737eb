package io.bankcore.app.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.bankcore.app.fuzz.FuzzRequest.Header;
import io.bankcore.app.fuzz.RequestGenerator.Account;
import io.bankcore.app.fuzz.Wire.Exchange;
import io.bankcore.app.support.AccountNumbers;
import io.bankcore.app.support.Http;
import io.bankcore.app.support.PostgresDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A generated fuzz test over every route of the HTTP contract (shared/CONTRACT.md), on PostgreSQL.
 *
 * <p>Each case is one request generated from the seed and the case number: a valid request for a
 * route, bent in one or more ways (see {@link RequestGenerator}). After every case it checks:
 *
 * <ul>
 *   <li>the status is never 5xx (and a response arrives at all);
 *   <li>an error (4xx) has a JSON body with a string {@code detail} (HEAD answers have no body);
 *   <li>a request the generator knows to be malformed is not answered 2xx;
 *   <li>a request with one known answer (set up by the fixtures: an ended or unknown transfer, a post
 *       beyond its reservation, a frozen or closed account, a refused body) gets that status and code;
 *   <li>nothing changed in the database unless the request succeeded (events, balances, reserved
 *       amounts, account states, ledger entries, transfers and their states), fingerprinted over
 *       JDBC before and after; a refusal that says {@code "refunded": true} (a transfer whose credit
 *       the destination refused) leaves its debit and refund;
 *   <li>an invalid {@code Idempotency-Key} on a write route is answered 400 {@code
 *       INVALID_IDEMPOTENCY_KEY} before anything about the body (only what runs before any handler
 *       may refuse first, see {@link IdempotencyKeys#refusableBeforeHandler});
 *   <li>a path the HTTP layer does not route (see {@link HttpLayer#pathDefect}) may be answered 400
 *       {@code BAD_REQUEST} whatever else is wrong with the request, its key and expected answer
 *       included;
 *   <li>a request sent again under its valid key gets its stored answer again, byte for byte and
 *       marked {@code Idempotent-Replayed}, and changes nothing; another request under that key is
 *       refused with 422 {@code IDEMPOTENCY_KEY_REUSED}.
 * </ul>
 *
 * <p>The seeds are fixed ({@link #DEFAULT_SEEDS}, or {@code -Dfuzz.seeds=A,B}), so that a build's
 * outcome never depends on a seed nobody has seen. {@code -Dfuzz.seed=N} replays one seed, {@code
 * -Dfuzz.cases=N} sets the number of cases per seed (default 1500; it is part of the replay, since
 * it decides which cases carry the 20 MB bodies), {@code -Dfuzz.only=N} runs only case N of the seed.
 * The full report goes to standard output and to {@code target/http-fuzz-report.txt}.
 *
 * <p>{@code -Dfuzz.explore=N} explores instead: N new random seeds, one after the other in this one
 * application context, a line per seed with the command that replays each finding ({@code make fuzz
 * SEEDS=N}; see {@link #explore}).
 *
 * <p>The fixed tests at the end pin the most interesting inputs the fuzzer found.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("postgres")
class HttpFuzzTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int DEFAULT_CASES = 1500;
    /** The seeds a plain {@code ./mvnw verify} runs. */
    private static final String DEFAULT_SEEDS = "42";

    private static PostgresDatabase database;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        database = PostgresDatabase.register(registry, "fuzz");
    }

    @LocalServerPort
    int port;

    private Http http;
    private Wire wire;
    /** Where the keys numbered by case start, for the next seed run on this database. */
    private long keySerial;

    private Connection db;
    private DatabaseState state;

    @BeforeEach
    void connect() throws SQLException {
        http = new Http(port);
        wire = new Wire(port);
        db = database.connect();
        state = new DatabaseState(db);
    }

    @AfterEach
    void disconnect() throws SQLException {
        db.close();
    }

    /** A contract violation seen on one case. */
    record Finding(String kind, FuzzRequest request, Exchange exchange, String note) {

        String group() {
            var ct = exchange.status() < 0 ? "-" : String.valueOf(exchange.header("content-type"));
            var route = request.route().equals("raw socket")
                    ? "raw socket " + request.tags()
                    : request.route().replaceFirst("^wrong method on .*", "wrong method");
            return kind + " | " + (exchange.status() < 0 ? "no status" : exchange.status()) + " | " + ct + " | "
                    + route;
        }

        String describe(long seed) {
            return "seed=" + seed + " " + request.describe() + "\n  -> " + exchange.describe()
                    + (note == null ? "" : "\n  note: " + note);
        }
    }

    // ---- the fuzzer ------------------------------------------------------------------------------

    @Test
    void every_route_survives_generated_malformed_requests() throws IOException {
        int cases = Integer.getInteger("fuzz.cases", DEFAULT_CASES);
        Integer explore = Integer.getInteger("fuzz.explore");
        if (explore != null) {
            explore(explore, cases);
            return;
        }
        Integer only = Integer.getInteger("fuzz.only");
        var seeds = seeds();
        var reports = new StringBuilder();
        var failed = new ArrayList<String>();
        for (long seed : seeds) {
            System.out.println("HttpFuzzTest: seed=" + seed + " cases=" + cases + (only == null ? "" : " only=" + only)
                    + "   (replay with -Dfuzz.seed=" + seed + ")");
            var run = run(seed, cases, only);
            System.out.println(run.report());
            reports.append(run.report());
            if (!run.findings().isEmpty()) {
                failed.add(run.report());
            }
        }
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "http-fuzz-report.txt"), reports);
        if (!failed.isEmpty()) {
            Assertions.fail(String.join("\n", failed));
        }
    }

    /**
     * The seeds of an ordinary run: {@code -Dfuzz.seed=N} (one), else {@code -Dfuzz.seeds=A,B,...}, else
     * {@link #DEFAULT_SEEDS}. Fixed, so that the build's outcome never depends on an unexplored seed;
     * new seeds are explored on purpose with {@code -Dfuzz.explore=N} ({@code make fuzz}).
     */
    private static List<Long> seeds() {
        var one = Long.getLong("fuzz.seed");
        if (one != null) {
            return List.of(one);
        }
        return java.util.Arrays.stream(
                        System.getProperty("fuzz.seeds", DEFAULT_SEEDS).split(","))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .map(Long::parseLong)
                .toList();
    }

    /** What one seed's run found, and its report. */
    record SeedRun(long seed, int cases, List<Finding> findings, String report, long millis) {}

    /**
     * Runs {@code seeds} fresh random seeds in this one application context, one after the other, and
     * prints a line per seed (to standard output and {@code target/http-fuzz-explore.log}): its
     * findings, each with the command that replays it. A seed's full report goes to {@code
     * target/http-fuzz-explore/seed-N.txt} when it found something. Fails at the end if any did.
     */
    private void explore(int seeds, int cases) throws IOException {
        var dir = Path.of("target", "http-fuzz-explore");
        Files.createDirectories(dir);
        var log = Path.of("target", "http-fuzz-explore.log");
        Files.writeString(log, "");
        var random = new SecureRandom();
        var withFindings = new ArrayList<String>();
        int findings = 0;
        long started = System.nanoTime();
        progress(log, "HttpFuzzTest: exploring " + seeds + " random seeds, " + cases + " cases each");
        for (int n = 1; n <= seeds; n++) {
            long seed = random.nextLong();
            var run = run(seed, cases, null);
            var line = new StringBuilder(String.format(
                    Locale.ROOT,
                    "seed %d/%d: %d  %d cases in %.1f s  %s",
                    n,
                    seeds,
                    seed,
                    cases,
                    run.millis() / 1000.0,
                    run.findings().isEmpty() ? "no finding" : run.findings().size() + " FINDING(S)"));
            if (!run.findings().isEmpty()) {
                findings += run.findings().size();
                Files.writeString(dir.resolve("seed-" + seed + ".txt"), run.report());
                var firstOfGroup = new LinkedHashMap<String, Finding>();
                run.findings().forEach(f -> firstOfGroup.putIfAbsent(f.group(), f));
                firstOfGroup.forEach((group, f) -> line.append("\n  finding: ")
                        .append(group)
                        .append(" (case #")
                        .append(f.request().index())
                        .append(")\n  replay:  ")
                        .append(replayCommand(seed, cases, f.request().index())));
                line.append("\n  report:  app/").append(dir.resolve("seed-" + seed + ".txt"));
                withFindings.add(line.toString());
            }
            progress(log, line.toString());
        }
        var summary = String.format(
                Locale.ROOT,
                "HttpFuzzTest: %d seeds x %d cases in %.1f min: %s",
                seeds,
                cases,
                (System.nanoTime() - started) / 60e9,
                withFindings.isEmpty()
                        ? "no finding"
                        : findings + " finding(s) on " + withFindings.size() + " seed(s)");
        progress(log, summary);
        if (!withFindings.isEmpty()) {
            Assertions.fail(summary + "\n\n" + String.join("\n\n", withFindings));
        }
    }

    private static void progress(Path log, String line) throws IOException {
        System.out.println(line);
        Files.writeString(log, line + "\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
    }

    /** The command that replays one case of a seed (drop {@code -Dfuzz.only} to replay the whole seed). */
    static String replayCommand(long seed, int cases, int only) {
        return "./mvnw -ntp -pl app -am test -Dtest='HttpFuzzTest#every_route_survives_generated_malformed_requests'"
                + " -Dsurefire.failIfNoSpecifiedTests=false -Dfuzz.seed=" + seed
                + (cases == DEFAULT_CASES ? "" : " -Dfuzz.cases=" + cases) + " -Dfuzz.only=" + only;
    }

    /** One seed: fixtures of its own, then its cases; the findings and the report. */
    private SeedRun run(long seed, int cases, Integer only) {
        var accounts = List.of(
                open("BRL", 100_000_000L, "rich-BRL"),
                open("BRL", 0, "empty-BRL"),
                open("USD", 50_000_000L, "rich-USD"),
                open("USD", 0, "empty-USD"),
                open("BRL", Long.MAX_VALUE - 50, "near-max-BRL"),
                open("BRL", 5_000, "small-BRL"),
                open("EUR", 10_000, "EUR"),
                open("BRL", 10_000, "frozen-BRL"),
                open("BRL", 0, "closed-BRL"),
                open("BRL", 50_000, "lifecycle-BRL"));
        var transfers = new CopyOnWriteArrayList<String>();
        var first = http.post(
                "/transfers",
                "{\"from_account_number\":\"" + accounts.get(0).number() + "\",\"to_account_number\":\""
                        + accounts.get(5).number() + "\",\"amount_cents\":100,\"currency\":\"BRL\"}");
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        transfers.add(first.json().get("correlation_id").stringValue());
        var reservations = new CopyOnWriteArrayList<String>();
        var generator = new RequestGenerator(
                accounts,
                () -> transfers.get(transfers.size() - 1),
                fixtures(accounts, () -> reservations.isEmpty() ? null : reservations.get(reservations.size() - 1)),
                keySerial);
        // the next seed on this database numbers its keys past this one's
        keySerial += cases;

        var master = new SplittableRandom(seed);
        var enormous = new HashSet<Integer>(List.of(master.nextInt(cases), master.nextInt(cases)));
        var findings = new ArrayList<Finding>();
        var notes = new ArrayList<Finding>();
        var statuses = new TreeMap<Integer, Integer>();
        var tagTotals = new TreeMap<String, Integer>();
        var enormousOutcomes = new ArrayList<String>();
        var keys = new KeyChecks();
        int refusalsBefore = wire.clientRefusals;
        long slowest = 0;
        int slowestCase = -1;
        int sent = 0;
        long started = System.nanoTime();
        var before = state.settle();
        for (int i = 0; i < cases; i++) {
            if (only != null && i != only) {
                continue;
            }
            var random = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (i + 1L)));
            var request = generator.generate(i, random, enormous.contains(i));
            long sentAt = System.nanoTime();
            var exchange = wire.send(request);
            long took = (System.nanoTime() - sentAt) / 1_000_000;
            if (took > slowest) {
                slowest = took;
                slowestCase = i;
            }
            if (enormous.contains(i)) {
                enormousOutcomes.add("#" + i + " " + request.method() + " " + request.target() + " " + request.tags()
                        + " -> " + exchange.status() + " in " + took + " ms"
                        + (exchange.error() == null ? "" : " (" + exchange.error() + ")"));
            }
            sent++;
            request.tags().stream().distinct().forEach(t -> tagTotals.merge(t, 1, Integer::sum));
            statuses.merge(exchange.status(), 1, Integer::sum);
            var outcome = check(request, exchange);
            findings.addAll(outcome.get(true));
            notes.addAll(outcome.get(false));

            boolean success = exchange.status() >= 200 && exchange.status() < 300;
            // A transfer whose credit the destination refused (closed, frozen) was debited and refunded.
            boolean mayChange = (success && !request.isSafe()) || exchange.status() < 0 || refunded(exchange);
            var after = mayChange ? state.settle() : state.take();
            if (!mayChange && !after.equals(before)) {
                after = state.settle();
                findings.add(new Finding(
                        "state changed by a request that did not succeed",
                        request,
                        exchange,
                        DatabaseState.difference(before, after).toString()));
            } else if (exchange.status() < 0 && !after.equals(before)) {
                notes.add(new Finding(
                        "state changed by a request that got no response",
                        request,
                        exchange,
                        DatabaseState.difference(before, after).toString()));
            }
            before = after;
            keys.count(request, exchange);
            if (keys.eligible(request, exchange)) {
                before = keys.replay(request, exchange, before, accounts.get(0), findings, notes);
            }
            if (success && request.route().equals("POST /transfers")) {
                var id = field(exchange, "correlation_id");
                if (id != null) {
                    transfers.add(id);
                    if (exchange.status() == 201) {
                        reservations.add(id);
                    }
                }
            }
        }
        long millis = (System.nanoTime() - started) / 1_000_000;

        var extra = "slowest case: #" + slowestCase + " (" + slowest + " ms); 20 MB bodies: " + enormousOutcomes
                + "\nIdempotency-Key: " + keys.summary();
        var report = report(
                seed,
                cases,
                sent,
                millis,
                statuses,
                findings,
                notes,
                tagTotals,
                wire.clientRefusals - refusalsBefore,
                extra);
        return new SeedRun(seed, cases, List.copyOf(findings), report, millis);
    }

    /**
     * The fixtures of the two-phase and lifecycle routes: a reservation only refused requests touch, a
     * voided one, an account frozen for good, one closed, and the accounts random changes aim at.
     */
    private RequestGenerator.Fixtures fixtures(List<Account> accounts, java.util.function.Supplier<String> latest) {
        var rich = accounts.get(0);
        var small = accounts.get(5);
        var frozen = labeled(accounts, "frozen-BRL");
        var closed = labeled(accounts, "closed-BRL");
        long heldMinor = 1_000;
        var held = http.post("/transfers", reservation(rich, small, heldMinor));
        assertThat(held.status()).as(held.toString()).isEqualTo(201);
        var voided = http.post("/transfers", reservation(rich, small, 10));
        assertThat(voided.status()).as(voided.toString()).isEqualTo(201);
        var voidedId = voided.json().get("correlation_id").stringValue();
        var voiding = http.post("/transfers/" + voidedId + "/void", "{}");
        assertThat(voiding.status()).as(voiding.toString()).isEqualTo(200);
        var reversed = http.post(
                "/transfers",
                "{\"from_account_number\":\"" + rich.number() + "\",\"to_account_number\":\"" + small.number()
                        + "\",\"amount_cents\":10}");
        assertThat(reversed.status()).as(reversed.toString()).isEqualTo(200);
        var reversedId = reversed.json().get("correlation_id").stringValue();
        var reversing = http.post("/transfers/" + reversedId + "/reverse", "");
        assertThat(reversing.status()).as(reversing.toString()).isEqualTo(200);
        var freezing = http.post("/accounts/" + frozen.number() + "/freeze", "{\"reason\":\"fuzz: frozen for good\"}");
        assertThat(freezing.status()).as(freezing.toString()).isEqualTo(200);
        var closing = http.post("/accounts/" + closed.number() + "/close", "{}");
        assertThat(closing.status()).as(closing.toString()).isEqualTo(200);
        return new RequestGenerator.Fixtures(
                latest,
                held.json().get("correlation_id").stringValue(),
                heldMinor,
                voidedId,
                reversedId,
                frozen,
                closed,
                List.of(labeled(accounts, "lifecycle-BRL"), labeled(accounts, "empty-USD")));
    }

    private static Account labeled(List<Account> accounts, String label) {
        return accounts.stream()
                .filter(a -> a.label().equals(label))
                .findFirst()
                .orElseThrow();
    }

    private static String reservation(Account from, Account to, long amountMinor) {
        return "{\"from_account_number\":\"" + from.number() + "\",\"to_account_number\":\"" + to.number()
                + "\",\"amount_cents\":" + amountMinor + ",\"currency\":\"" + from.currency()
                + "\",\"pending\":true,\"timeout_seconds\":2592000}";
    }

    /** A refusal saying the money went out and came back (a transfer's credit refused, then refunded). */
    private static boolean refunded(Exchange exchange) {
        if (exchange.status() < 400) {
            return false;
        }
        try {
            var node = JSON.readTree(exchange.body()).get("refunded");
            return node != null && node.isBoolean() && node.booleanValue();
        } catch (JacksonException e) {
            return false;
        }
    }

    /** Findings (true) and notes (false) for one exchange, from the response alone. */
    private static Map<Boolean, List<Finding>> check(FuzzRequest request, Exchange exchange) {
        var findings = new ArrayList<Finding>();
        var notes = new ArrayList<Finding>();
        int status = exchange.status();
        if (status < 0) {
            notes.add(new Finding("no response", request, exchange, null));
        }
        if (status >= 500) {
            findings.add(new Finding("5xx", request, exchange, null));
        }
        if (status >= 400 && !request.isHead()) {
            var problem = errorBodyProblem(exchange);
            if (problem != null) {
                findings.add(new Finding("error body is not JSON with a string detail", request, exchange, problem));
            }
        }
        if (status >= 200 && status < 300) {
            boolean apiRoute =
                    request.route().startsWith("GET /") || request.route().startsWith("POST /");
            if (apiRoute && !request.isHead() && !isJson(exchange.body())) {
                findings.add(new Finding("2xx body is not JSON", request, exchange, null));
            }
            var ct = String.valueOf(exchange.header("content-type"));
            if (apiRoute && ct.contains("problem+json")) {
                notes.add(new Finding("2xx answered as application/problem+json", request, exchange, null));
            }
            if (request.validity() == Validity.INVALID) {
                findings.add(new Finding("2xx on a malformed request", request, exchange, null));
            } else if (request.validity() == Validity.DUBIOUS) {
                notes.add(new Finding("2xx on a dubious request", request, exchange, null));
            }
        }
        var expect = request.expect();
        // the HTTP layer's refusal of a path it does not route is right whatever else the request has
        boolean layerRefusal =
                HttpLayer.pathDefect(request) != null && HttpLayer.isRefusal(status, field(exchange, "code"));
        if (expect != null && status >= 0 && !layerRefusal) {
            var code = field(exchange, "code");
            if (status != expect.status() || !java.util.Objects.equals(code, expect.code())) {
                findings.add(new Finding("not the expected answer " + expect, request, exchange, "code " + code));
            }
        }
        checkKey(request, exchange, findings);
        return Map.of(true, findings, false, notes);
    }

    /**
     * An invalid key is refused first, with 400 INVALID_IDEMPOTENCY_KEY: only a refusal from before any
     * handler may come instead, never one about the body, the accounts or the key's use. A request's
     * first answer is never a replay.
     */
    private static void checkKey(FuzzRequest request, Exchange exchange, List<Finding> findings) {
        if (exchange.status() < 0) {
            return;
        }
        var key = request.key();
        var code = field(exchange, "code");
        boolean refusedForKey = exchange.status() == 400 && IdempotencyKeys.INVALID.equals(code);
        if (key != null && !key.valid() && !refusedForKey) {
            if (!IdempotencyKeys.refusableBeforeHandler(request)) {
                findings.add(new Finding(
                        "invalid Idempotency-Key not answered 400 " + IdempotencyKeys.INVALID,
                        request,
                        exchange,
                        "code " + code));
            } else if (IdempotencyKeys.is(IdempotencyKeys.HANDLER_CODES, code)) {
                findings.add(new Finding(
                        "invalid Idempotency-Key checked after the request itself", request, exchange, "code " + code));
            }
        }
        if (refusedForKey && (key == null || key.valid())) {
            findings.add(new Finding(
                    IdempotencyKeys.INVALID + (key == null ? " without an Idempotency-Key" : " for a valid key"),
                    request,
                    exchange,
                    null));
        }
        if (exchange.header(IdempotencyKeys.REPLAYED) != null) {
            findings.add(new Finding(
                    "Idempotent-Replayed on the first request with its key (or without one)",
                    request,
                    exchange,
                    IdempotencyKeys.REPLAYED + ": " + exchange.header(IdempotencyKeys.REPLAYED)));
        }
    }

    /** Counts of the keys sent; second sends under a valid key: the replay, then another request (reuse). */
    final class KeyChecks {
        int valid;
        int invalid;
        int refusedForKey;
        int refusedBeforeHandler;
        int replays;
        int reuses;
        int notStored;

        void count(FuzzRequest request, Exchange exchange) {
            var key = request.key();
            if (key != null && key.valid()) {
                valid++;
            } else if (key != null) {
                invalid++;
                if (exchange.status() == 400 && IdempotencyKeys.INVALID.equals(field(exchange, "code"))) {
                    refusedForKey++;
                } else if (IdempotencyKeys.refusableBeforeHandler(request)) {
                    refusedBeforeHandler++;
                }
            }
        }

        /** Sent again: a valid key, an answer the key stores, and no refusal from before the handler. */
        boolean eligible(FuzzRequest request, Exchange first) {
            var key = request.key();
            if (key == null || !key.valid() || !key.resend()) {
                return false;
            }
            int status = first.status();
            return status >= 200
                    && status < 500
                    && !IdempotencyKeys.is(IdempotencyKeys.NOT_STORED, field(first, "code"))
                    && !IdempotencyKeys.refusableBeforeHandler(request);
        }

        /** Returns the database state after both sends, which must be the state before them. */
        Map<String, String> replay(
                FuzzRequest request,
                Exchange first,
                Map<String, String> before,
                Account other,
                List<Finding> findings,
                List<Finding> notes) {
            var again = wire.send(request);
            replays++;
            var code = field(first, "code");
            boolean mustBeStored = (first.status() >= 200 && first.status() < 300)
                    || IdempotencyKeys.is(IdempotencyKeys.BUSINESS_REFUSALS, code);
            boolean replayed = "true".equalsIgnoreCase(again.header(IdempotencyKeys.REPLAYED));
            var said = "first answer: " + first.describe();
            if (again.status() < 0 || again.status() >= 500) {
                findings.add(new Finding("5xx or no answer to a replay", request, again, said));
            } else if (!replayed && mustBeStored) {
                findings.add(new Finding("sent again under its key, not replayed", request, again, said));
            } else if (!replayed) {
                notStored++;
                notes.add(new Finding("a " + first.status() + " " + code + " is not stored", request, again, said));
            } else if (first.status() == 202) {
                if (!String.valueOf(field(first, "correlation_id")).equals(field(again, "correlation_id"))) {
                    findings.add(new Finding("replay of a 202 names another transfer", request, again, said));
                }
            } else if (again.status() != first.status() || !java.util.Arrays.equals(again.body(), first.body())) {
                findings.add(new Finding("replay differs from the first answer", request, again, said));
            }
            var after = state.settle();
            if (!after.equals(before)) {
                findings.add(new Finding(
                        "state changed by a replay",
                        request,
                        again,
                        DatabaseState.difference(before, after).toString()));
                before = after;
            }
            if (first.status() >= 200 && first.status() < 300) {
                var reuse = reuse(request, other);
                var refused = wire.send(reuse);
                reuses++;
                if (refused.status() != 422 || !IdempotencyKeys.REUSED.equals(field(refused, "code"))) {
                    findings.add(new Finding(
                            "another request under a used key not refused with 422 " + IdempotencyKeys.REUSED,
                            reuse,
                            refused,
                            "the key's first request: " + request.method() + " " + request.target()));
                }
                after = state.settle();
                if (!after.equals(before)) {
                    findings.add(new Finding(
                            "state changed by a reused key",
                            reuse,
                            refused,
                            DatabaseState.difference(before, after).toString()));
                }
            }
            return after;
        }

        /** Another request under the same key: the twin route (deposit, withdraw), else a deposit. */
        private FuzzRequest reuse(FuzzRequest request, Account other) {
            var target = request.target().endsWith("/deposit")
                    ? request.target().replaceFirst("/deposit$", "/withdraw")
                    : request.target().endsWith("/withdraw")
                            ? request.target().replaceFirst("/withdraw$", "/deposit")
                            : "/accounts/" + other.number() + "/deposit";
            boolean twin = !target.equals("/accounts/" + other.number() + "/deposit");
            var body = twin ? request.body() : "{\"amount_cents\":1}".getBytes(StandardCharsets.UTF_8);
            return new FuzzRequest(
                    request.index(),
                    "reuse of the key of " + request.route(),
                    "POST",
                    target,
                    List.of(
                            new Header("Content-Type", "application/json"),
                            new Header(IdempotencyKeys.HEADER, request.key().value())),
                    body,
                    null,
                    Validity.INVALID,
                    List.of());
        }

        String summary() {
            return String.format(
                    Locale.ROOT,
                    "%d valid, %d invalid (%d answered 400 %s, %d refused before any handler);"
                            + " replays checked %d (%d answers not stored), reuses checked %d",
                    valid,
                    invalid,
                    refusedForKey,
                    IdempotencyKeys.INVALID,
                    refusedBeforeHandler,
                    replays,
                    notStored,
                    reuses);
        }
    }

    /** Why an error body breaks the contract, or null when it is JSON with a string detail. */
    private static String errorBodyProblem(Exchange exchange) {
        JsonNode body;
        try {
            body = JSON.readTree(exchange.body());
        } catch (JacksonException e) {
            return "not JSON: " + e.getOriginalMessage();
        }
        if (body == null || !body.isObject()) {
            return "not a JSON object";
        }
        var detail = body.get("detail");
        if (detail == null || !detail.isString()) {
            return "no string detail";
        }
        var ct = exchange.header("content-type");
        if (ct == null || !ct.toLowerCase(Locale.ROOT).contains("json")) {
            return "JSON body, but Content-Type " + ct;
        }
        return null;
    }

    private static boolean isJson(byte[] body) {
        try {
            JSON.readTree(body);
            return body.length > 0;
        } catch (JacksonException e) {
            return false;
        }
    }

    private static String field(Exchange exchange, String name) {
        try {
            var node = JSON.readTree(exchange.body()).get(name);
            return node != null && node.isString() ? node.stringValue() : null;
        } catch (JacksonException e) {
            return null;
        }
    }

    private static String report(
            long seed,
            int cases,
            int sent,
            long millis,
            Map<Integer, Integer> statuses,
            List<Finding> findings,
            List<Finding> notes,
            Map<String, Integer> tagTotals,
            int clientRefusals,
            String extra) {
        var out = new StringBuilder();
        out.append("\n==== HttpFuzzTest seed=")
                .append(seed)
                .append(": ")
                .append(sent)
                .append(" cases in ")
                .append(millis)
                .append(" ms; statuses ")
                .append(statuses)
                .append(" (-1 = no response)\n");
        out.append("replay case N: ")
                .append(replayCommand(seed, cases, 0).replaceFirst("only=0$", "only=N"))
                .append("\n  (without -Dfuzz.only: the whole seed)\n");
        out.append(extra).append('\n');
        out.append("sent over a raw socket because java.net.http refuses or rewrites them: ")
                .append(clientRefusals)
                .append("; no response at all: ")
                .append(statuses.getOrDefault(-1, 0))
                .append('\n');
        out.append(causes(findings, tagTotals));
        out.append(groups("FINDINGS (contract violations)", findings, seed));
        out.append(groups("NOTES (not failures)", notes, seed));
        return out.toString();
    }

    /**
     * For each kind of finding, the generator tags that (nearly) always led to it: the likely causes.
     * "tag 7/8" reads: 8 cases carried the tag, 7 of them had this kind of finding.
     */
    private static String causes(List<Finding> findings, Map<String, Integer> tagTotals) {
        var byKind = new TreeMap<String, Map<String, Set<Integer>>>();
        for (var f : findings) {
            var tags = byKind.computeIfAbsent(f.kind(), k -> new TreeMap<>());
            f.request()
                    .tags()
                    .forEach(t -> tags.computeIfAbsent(t, k -> new HashSet<>())
                            .add(f.request().index()));
        }
        var out = new StringBuilder("\n---- LIKELY CAUSES (tags that mostly led to a finding)\n");
        byKind.forEach((kind, tags) -> {
            var likely = tags.entrySet().stream()
                    .filter(e -> e.getValue().size() * 10 >= tagTotals.getOrDefault(e.getKey(), 1) * 8)
                    .sorted(Comparator.comparing((Map.Entry<String, Set<Integer>> e) ->
                                    e.getValue().size())
                            .reversed())
                    .limit(25)
                    .map(e -> e.getKey() + " " + e.getValue().size() + "/" + tagTotals.get(e.getKey()))
                    .toList();
            out.append("  ").append(kind).append(": ").append(likely).append('\n');
        });
        return out.toString();
    }

    private static String groups(String title, List<Finding> findings, long seed) {
        var groups = new LinkedHashMap<String, List<Finding>>();
        for (var f : findings) {
            groups.computeIfAbsent(f.group(), k -> new ArrayList<>()).add(f);
        }
        var out = new StringBuilder();
        out.append("\n---- ")
                .append(title)
                .append(": ")
                .append(findings.size())
                .append(" in ")
                .append(groups.size())
                .append(" groups\n");
        groups.entrySet().stream().sorted(Comparator.comparing(e -> e.getKey())).forEach(e -> {
            var members = e.getValue();
            Set<String> common = new LinkedHashSet<>(members.get(0).request().tags());
            var frequency = new TreeMap<String, Integer>();
            for (var m : members) {
                common.retainAll(m.request().tags());
                m.request().tags().forEach(t -> frequency.merge(t, 1, Integer::sum));
            }
            var top = frequency.entrySet().stream()
                    .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                    .limit(8)
                    .map(x -> x.getKey() + " x" + x.getValue())
                    .toList();
            var smallest = members.stream()
                    .min(Comparator.comparingInt((Finding m) -> m.request().size()
                                    + m.request().target().length()
                                    + m.request().tags().size() * 50)
                            .thenComparingInt(m -> m.request().index()))
                    .orElseThrow();
            out.append("\n* ")
                    .append(e.getKey())
                    .append("  (")
                    .append(members.size())
                    .append(" cases: ")
                    .append(members.stream()
                            .limit(12)
                            .map(m -> "#" + m.request().index())
                            .toList())
                    .append(")\n  tags in all: ")
                    .append(common)
                    .append("\n  most frequent tags: ")
                    .append(top)
                    .append("\n  smallest: ")
                    .append(smallest.describe(seed).replace("\n", "\n  "))
                    .append('\n');
        });
        return out.toString();
    }

    // ---- regression cases: the most interesting inputs the fuzzer found --------------------------

    @Test
    void a_multipart_content_type_gets_a_4xx_not_a_500() {
        var n = open("BRL", 1_000).number();
        assertAllSurvive(
                // MultipartException from StandardServletMultipartResolver, on any route and method
                request("GET", "/accounts/" + n + "/balance", null, "Content-Type: multipart/form-data")
                        .with(Validity.VALID),
                request(
                        "POST",
                        "/accounts/" + n + "/deposit",
                        "--XYZ\r\nab",
                        "Content-Type: multipart/form-data; boundary=XYZ"));
    }

    @Test
    void a_wildcard_content_type_gets_a_4xx_not_a_500() {
        var n = open("BRL", 1_000).number();
        assertAllSurvive(
                // HttpHeaders.setContentType refuses wildcards: IllegalArgumentException before the controller
                request("POST", "/accounts/" + n + "/deposit", "{\"amount_cents\":1}", "Content-Type: */*"),
                request(
                        "POST",
                        "/accounts",
                        "{\"account_number\":\"" + AccountNumbers.fresh() + "\"}",
                        "Content-Type: application/*"));
    }

    @Test
    void malformed_query_strings_get_a_4xx_not_a_500() {
        var n = open("BRL", 1_000).number();
        assertAllSurvive(
                // Tomcat's InvalidParameterException once @RequestParam reads the query
                raw("GET /accounts/" + n + "/transactions?%ZZ=1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
                raw("GET /accounts/" + n + "/transactions?limit=%ZZ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
                request("GET", "/accounts/" + n + "/transactions?" + "a=1&".repeat(1001), null)
                        .with(Validity.DUBIOUS));
    }

    @Test
    void malformed_form_bodies_get_a_4xx_not_a_500() {
        var n = open("BRL", 1_000).number();
        assertAllSurvive(
                // POST: Spring rebuilds a form body from request parameters, Tomcat fails to decode them
                request(
                        "POST",
                        "/accounts/" + n + "/deposit",
                        "a=%ZZ",
                        "Content-Type: application/x-www-form-urlencoded"),
                // PUT/PATCH/DELETE: FormContentFilter fails outside the DispatcherServlet
                request(
                        "PUT",
                        "/accounts/" + n + "/deposit",
                        "a=%ZZ",
                        "Content-Type: application/x-www-form-urlencoded"),
                request("DELETE", "/accounts", "%%%", "Content-Type: application/x-www-form-urlencoded"),
                // over Tomcat's maxPostSize (2 MB): InvalidParameterException as well
                request(
                        "POST",
                        "/accounts/" + n + "/deposit",
                        "a=" + "x".repeat(3 * 1024 * 1024),
                        "Content-Type: application/x-www-form-urlencoded"));
    }

    @Test
    void a_malformed_matrix_parameter_gets_a_4xx_not_a_500() {
        var n = open("BRL", 1_000).number();
        // the request path is parsed (and its ;params decoded) outside the DispatcherServlet's error handling
        assertAllSurvive(raw("GET /accounts/" + n + ";a=%ZZ/balance HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
    }

    @Test
    void the_error_page_itself_is_not_a_500() {
        assertAllSurvive(
                request("GET", "/error", null),
                request("GET", "/error", null, "Accept: text/html"),
                request("POST", "/error?status=500", "{}", "Content-Type: application/json"));
    }

    @Test
    void errors_rendered_by_the_error_page_are_json_whatever_the_accept_header() {
        var n = open("BRL", 1_000).number();
        assertAllSurvive(
                // the container's 405 for TRACE goes through /error: whitelabel HTML, or an empty body
                request("TRACE", "/accounts/" + n + "/balance", null, "Accept: text/html"),
                request("TRACE", "/accounts/" + n + "/balance", null, "Accept: text/plain"));
    }

    @Test
    void a_write_is_answered_in_json_whatever_the_accept_header_and_applied_once() {
        var n = open("BRL", 1_000).number();
        // Negotiating used to refuse with 406 only after the deposit had been applied.
        for (String accept : List.of("application/xml", "text/plain", "text/html", "image/png")) {
            var response = wire.send(request(
                    "POST",
                    "/accounts/" + n + "/deposit",
                    "{\"amount_cents\":1}",
                    "Content-Type: application/json",
                    "Accept: " + accept));
            assertThat(response.status()).as(accept).isEqualTo(200);
            assertThat(response.header("Content-Type")).startsWith("application/json");
        }
        assertThat(http.get("/accounts/" + n + "/balance")
                        .json()
                        .get("balance_cents")
                        .longValue())
                .isEqualTo(1_004);
    }

    @Test
    void overlong_utf8_in_a_json_body_is_rejected() {
        var number = AccountNumbers.fresh();
        // 0xC0 0xB0+d is an overlong (invalid) encoding of the digit d; the parser decodes it as d
        var body = new java.io.ByteArrayOutputStream();
        body.writeBytes("{\"account_number\":\"".getBytes(StandardCharsets.US_ASCII));
        body.write(0xC0);
        body.write(0x80 | number.charAt(0));
        body.writeBytes((number.substring(1) + "\"}").getBytes(StandardCharsets.US_ASCII));
        var request = new FuzzRequest(
                -1,
                "regression",
                "POST",
                "/accounts",
                List.of(new Header("Content-Type", "application/json")),
                body.toByteArray(),
                null,
                Validity.INVALID,
                List.of());
        assertAllSurvive(request);
    }

    @Test
    void a_transfer_that_would_overflow_the_destination_leaves_no_trace() {
        var from = open("BRL", 1_000).number();
        var to = open("BRL", Long.MAX_VALUE - 10).number();
        assertAllSurvive(request(
                        "POST",
                        "/transfers",
                        "{\"from_account_number\":\"" + from + "\",\"to_account_number\":\"" + to
                                + "\",\"amount_cents\":100,\"currency\":\"BRL\"}",
                        "Content-Type: application/json")
                .with(Validity.VALID));
    }

    @Test
    void requests_the_servlet_container_rejects_get_a_json_error() {
        var n = open("BRL", 1_000).number();
        assertAllSurvive(
                // Tomcat refuses these before any servlet runs and answers with its own HTML page
                request("GET", "/accounts/%00/balance", null),
                request("GET", "/accounts/" + n + "%2Fbalance", null),
                request("GET", "/transfers/a%5Cb", null),
                raw("GET /accounts/%ZZ/balance HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
                raw("GET /accounts/" + n + "/balance HTTP/1.1\r\nConnection: close\r\n\r\n"),
                raw("POST /accounts/" + n + "/deposit HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                        + "Content-Type: application/json\r\nContent-Length: abc\r\n\r\n{}"));
    }

    @Test
    void protocol_level_refusals_are_not_5xx() {
        var n = open("BRL", 1_000).number();
        assertAllSurvive(
                raw("POST /accounts/" + n + "/deposit HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                        + "Content-Type: application/json\r\nTransfer-Encoding: gzip\r\n\r\n{\"amount_cents\":1}"),
                raw("GET /accounts/" + n + "/balance HTTP/1.2\r\nHost: x\r\nConnection: close\r\n\r\n"),
                raw("CONNECT /accounts/" + n + "/balance HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
    }

    @Test
    void an_invalid_idempotency_key_is_refused_first_and_changes_nothing() {
        var n = open("BRL", 1_000).number();
        var keys = List.of(
                "",
                "   ",
                "k".repeat(256),
                "a\tb",
                "a\u0001b",
                "a\u007fb",
                "cl\u00e9",
                IdempotencyKeys.utf8("cl\u00e9"),
                IdempotencyKeys.utf8("\ud83d\udcb0"));
        var json = "Content-Type: application/json";
        var problems = new ArrayList<String>();
        for (var key : keys) {
            // a valid request, then requests wrong in every other way: the key comes first
            var requests = List.of(
                    request("POST", "/accounts/" + n + "/deposit", "{\"amount_cents\":1}", json),
                    request("POST", "/accounts/" + n + "/withdraw", "{\"amount_cents\":", json),
                    request("POST", "/accounts/" + n + "/withdraw", "{\"amount_cents\":999999}", json),
                    request("POST", "/accounts/" + AccountNumbers.fresh() + "/deposit", "{\"amount_cents\":-1}", json),
                    request("POST", "/accounts/12/deposit", "{\"amount_cents\":1}", "Content-Type: text/plain"),
                    request("POST", "/accounts", "{}", json),
                    request("POST", "/accounts", "{\"account_number\":\"" + AccountNumbers.fresh() + "\"}"),
                    request(
                            "POST",
                            "/transfers",
                            "{\"from_account_number\":\"" + n + "\",\"to_account_number\":\"" + n
                                    + "\",\"amount_cents\":1}",
                            json));
            for (var plain : requests) {
                var request = keyed(plain, key, false);
                var before = state.settle();
                var exchange = wire.send(request);
                var after = state.settle();
                var code = field(exchange, "code");
                // Tomcat refuses a control character other than a tab in any header before a servlet runs.
                boolean container =
                        key.chars().anyMatch(c -> (c < 0x20 && c != '\t') || c == 0x7f) && "BAD_REQUEST".equals(code);
                boolean refused = IdempotencyKeys.INVALID.equals(code) || container;
                if (exchange.status() != 400 || !refused || !after.equals(before)) {
                    problems.add(request.describe() + "\n  -> " + exchange.describe() + "\n  state change: "
                            + DatabaseState.difference(before, after));
                }
            }
        }
        if (!problems.isEmpty()) {
            Assertions.fail(problems.size() + " requests with an invalid key were not refused first with 400 "
                    + IdempotencyKeys.INVALID + ", or changed something:\n\n" + String.join("\n\n", problems));
        }
    }

    @Test
    void idempotency_keys_at_the_bounds_are_accepted_and_replayed() {
        var n = open("BRL", 1_000).number();
        var unique = Long.toHexString(new SecureRandom().nextLong());
        var keys = List.of(
                "k",
                (unique + "x".repeat(255)).substring(0, 255),
                unique + " !\"#$%&'()*+,-./0123456789:;<=>?@[\\]^_`{|}~ ABCXYZ abcxyz");
        for (var key : keys) {
            var deposit = keyed(
                    request(
                            "POST",
                            "/accounts/" + n + "/deposit",
                            "{\"amount_cents\":1}",
                            "Content-Type: application/json"),
                    key,
                    true);
            var first = wire.send(deposit);
            assertThat(first.status()).as(key + ": " + first.describe()).isEqualTo(200);
            assertThat(first.header(IdempotencyKeys.REPLAYED)).as(key).isNull();
            var again = wire.send(deposit);
            assertThat(again.status()).as(key + ": " + again.describe()).isEqualTo(200);
            assertThat(again.header(IdempotencyKeys.REPLAYED)).as(key).isEqualTo("true");
            assertThat(again.body()).as(key).isEqualTo(first.body());
        }
        assertThat(http.get("/accounts/" + n + "/balance")
                        .json()
                        .get("balance_cents")
                        .longValue())
                .isEqualTo(1_000 + keys.size());
    }

    @Test
    void a_path_the_http_layer_refuses_is_refused_whatever_the_idempotency_key() {
        var n = open("BRL", 1_000).number();
        var json = "Content-Type: application/json";
        var problems = new ArrayList<String>();
        for (var target : List.of(
                "/transfers/../post",
                "/transfers/../void",
                "/accounts/123456%27%3B%20DROP%20TABLE%20account_balance%3B%20--/withdraw",
                "/accounts/" + n + "/./deposit",
                "/accounts/%2e%2e/deposit",
                "/accounts/" + n + "%3Bx/deposit")) {
            for (var key : List.of("   ", IdempotencyKeys.utf8("a\u00a0b"), "k".repeat(256))) {
                var request = keyed(request("POST", target, "{\"amount_cents\":1}", json), key, false);
                assertThat(HttpLayer.pathDefect(request)).as(target).isNotNull();
                var before = state.settle();
                var exchange = wire.send(request);
                var after = state.settle();
                var code = field(exchange, "code");
                // the firewall refuses the path before the key is looked at; the key's refusal would do too
                if (exchange.status() != 400
                        || !(HttpLayer.isRefusal(exchange.status(), code) || IdempotencyKeys.INVALID.equals(code))
                        || !after.equals(before)) {
                    problems.add(request.describe() + "\n  -> " + exchange.describe());
                }
                var outcome = check(request, exchange);
                outcome.get(true).forEach(f -> problems.add(f.kind() + "\n  " + request.describe()));
            }
        }
        assertThat(problems).as(String.join("\n\n", problems)).isEmpty();
    }

    @Test
    void a_post_or_void_without_a_body_ignores_the_content_type() {
        var from = open("BRL", 10_000);
        var to = open("BRL", 0);
        var posted = http.post("/transfers", reservation(from, to, 300));
        assertThat(posted.status()).as(posted.toString()).isEqualTo(201);
        var voided = http.post("/transfers", reservation(from, to, 200));
        assertThat(voided.status()).as(voided.toString()).isEqualTo(201);
        var refused = http.post("/transfers", reservation(from, to, 100));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(201);
        var ids = List.of(posted, voided, refused).stream()
                .map(r -> r.json().get("correlation_id").stringValue())
                .toList();

        // no body: post everything, void; the Content-Type describes nothing
        var post = wire.send(request("POST", "/transfers/" + ids.get(0) + "/post", "", "Content-Type: text/json")
                .with(Validity.VALID));
        assertThat(post.status()).as(post.describe()).isEqualTo(200);
        assertThat(field(post, "status")).isEqualTo("COMPLETED");
        var voiding = wire.send(request("POST", "/transfers/" + ids.get(1) + "/void", null, "Content-Type: text/plain")
                .with(Validity.VALID));
        assertThat(voiding.status()).as(voiding.describe()).isEqualTo(200);
        assertThat(field(voiding, "status")).isEqualTo("VOIDED");
        // a body that is there must be JSON
        assertAllSurvive(request("POST", "/transfers/" + ids.get(2) + "/post", "{}", "Content-Type: text/json"));
        assertThat(http.get("/accounts/" + to.number() + "/balance")
                        .json()
                        .get("balance_cents")
                        .longValue())
                .isEqualTo(300);
    }

    @Test
    void a_json_body_is_utf8_whatever_charset_the_content_type_names() {
        // RFC 8259: JSON between systems is UTF-8 (8.1) and application/json defines no charset (11)
        var n = open("BRL", 1_000).number();
        var utf8 = "{\"reason\":\"fraude \u00e9\"}";
        for (var charset : List.of("utf-16", "iso-8859-1", "utf-8")) {
            var freeze = wire.send(request(
                            "POST",
                            "/accounts/" + n + "/freeze",
                            utf8,
                            "Content-Type: application/json; charset=" + charset)
                    .with(Validity.VALID));
            assertThat(freeze.status()).as(charset + ": " + freeze.describe()).isEqualTo(200);
            assertThat(field(freeze, "freeze_reason")).as(charset).isEqualTo("fraude \u00e9");
            assertThat(http.post("/accounts/" + n + "/unfreeze", "").status()).isEqualTo(200);
        }
        var other = open("BRL", 1_000).number();
        // bytes in the named charset that are no UTF-8 are refused, never read as something else
        assertAllSurvive(
                new FuzzRequest(
                        -1,
                        "regression",
                        "POST",
                        "/accounts/" + other + "/freeze",
                        List.of(new Header("Content-Type", "application/json; charset=utf-16")),
                        utf8.getBytes(StandardCharsets.UTF_16),
                        null,
                        Validity.INVALID,
                        List.of()),
                new FuzzRequest(
                        -1,
                        "regression",
                        "POST",
                        "/accounts/" + other + "/freeze",
                        List.of(new Header("Content-Type", "application/json; charset=iso-8859-1")),
                        utf8.getBytes(StandardCharsets.ISO_8859_1),
                        null,
                        Validity.INVALID,
                        List.of()),
                request(
                        "POST",
                        "/accounts/" + other + "/freeze",
                        utf8,
                        "Content-Type: application/json; charset=no-such-charset"));
    }

    @Test
    void a_transfer_refused_by_a_freeze_with_the_longest_reason_is_a_409_not_a_500() {
        var from = open("BRL", 1_000).number();
        var to = open("BRL", 0).number();
        var reason = "r".repeat(500);
        var freeze =
                http.post("/accounts/" + to + "/freeze", "{\"reason\":\"" + reason + "\",\"direction\":\"credits\"}");
        assertThat(freeze.status()).as(freeze.toString()).isEqualTo(200);
        // the transfer's failure quotes the freeze's reason after the account's number: over 500 characters
        var transfer = http.post(
                "/transfers",
                "{\"from_account_number\":\"" + from + "\",\"to_account_number\":\"" + to + "\",\"amount_cents\":59}");
        assertThat(transfer.status()).as(transfer.toString()).isEqualTo(409);
        assertThat(transfer.json().get("code").stringValue()).isEqualTo("ACCOUNT_FROZEN");
        assertThat(http.get("/accounts/" + from + "/balance")
                        .json()
                        .get("balance_cents")
                        .longValue())
                .isEqualTo(1_000);
    }

    // ---- helpers -----------------------------------------------------------------------------------

    /** The request with an {@code Idempotency-Key} header; an invalid key makes it invalid. */
    private static FuzzRequest keyed(FuzzRequest request, String key, boolean valid) {
        var headers = new ArrayList<>(request.headers());
        headers.add(new Header(IdempotencyKeys.HEADER, key));
        return new FuzzRequest(
                request.index(),
                request.route(),
                request.method(),
                request.target(),
                List.copyOf(headers),
                request.body(),
                request.raw(),
                valid ? request.validity() : Validity.INVALID,
                request.tags(),
                new IdempotencyKeys.Key(key, valid, "key=fixed", false));
    }

    private Account open(String currency, long balance) {
        return open(currency, balance, currency);
    }

    private Account open(String currency, long balance, String label) {
        var number = AccountNumbers.fresh();
        var created = http.post(
                "/accounts",
                "{\"account_number\":\"" + number + "\",\"initial_balance_cents\":" + balance + ",\"currency\":\""
                        + currency + "\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return new Account(number, currency, label);
    }

    private static FuzzRequest request(String method, String target, String body, String... headers) {
        var list = new ArrayList<Header>();
        for (var h : headers) {
            int colon = h.indexOf(':');
            list.add(new Header(h.substring(0, colon), h.substring(colon + 1).strip()));
        }
        return new FuzzRequest(
                -1,
                "regression",
                method,
                target,
                List.copyOf(list),
                body == null ? null : body.getBytes(StandardCharsets.UTF_8),
                null,
                Validity.INVALID,
                List.of());
    }

    private static FuzzRequest raw(String bytes) {
        return new FuzzRequest(
                -1,
                "regression",
                bytes.split(" ", 2)[0],
                "",
                List.of(),
                null,
                bytes.getBytes(StandardCharsets.UTF_8),
                Validity.INVALID,
                List.of());
    }

    /** Sends each request and asserts every invariant the fuzzer checks, state included; reports all. */
    private void assertAllSurvive(FuzzRequest... requests) {
        var problems = new ArrayList<String>();
        for (var request : requests) {
            var before = state.settle();
            var exchange = wire.send(request);
            var after = state.settle();
            var outcome = check(request, exchange);
            var own = new ArrayList<String>();
            outcome.get(true).forEach(f -> own.add(f.kind() + (f.note() == null ? "" : ": " + f.note())));
            outcome.get(false).stream().filter(f -> !f.kind().startsWith("2xx")).forEach(f -> own.add(f.kind()));
            if (!after.equals(before)) {
                own.add("state changed: " + DatabaseState.difference(before, after));
            }
            if (!own.isEmpty()) {
                problems.add(own + "\n  " + request.describe() + "\n  -> " + exchange.describe());
            }
        }
        if (!problems.isEmpty()) {
            Assertions.fail(problems.size() + " of " + requests.length + " requests broke the contract:\n\n"
                    + String.join("\n\n", problems));
        }
    }
}
