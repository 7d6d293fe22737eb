import java.io.File;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Concurrency and crash checks against running bankcore instances, over HTTP only.
 *
 * <p>Runs the original system's four concurrency scenarios, truly in parallel (every request of a
 * scenario is released at once by a barrier), then a seeded random storm from many clients across two
 * instances: deposits, withdrawals, transfers, reservations (pending transfers, some expiring within
 * seconds), posts of all or part of them, voids, freezes in every direction, unfreezes, overdraft
 * limits raised and lowered (some accounts are opened with one), reversals of completed transfers,
 * atomic batches of 2 to 5 transfers (some spending what the one before brought, some refused as a whole)
 * and a close of an emptied account. It checks: money conserved, every balance equal to the sum of its ledger, no balance below minus the
 * largest overdraft limit its account was ever sent (the audit then checks every debit against the
 * limit in force), on every account available = max(0, balance + limit - reserved) and reserved = the
 * sum of its open reservations, every transfer settled (COMPLETED, or FAILED with any debit refunded; a
 * reservation posted, voided, expired, or RESERVED and due later), exactly one of post, void and
 * expiry ending each reservation, a posted one moving exactly its posted amount and an unposted one
 * nothing, every transfer of an applied batch COMPLETED and a refused batch naming one result per
 * transfer with the status of its first refusal, only the refusals a storm can meet and never a 5xx;
 * then the audit must be clean. With
 * {@code --kills N} one instance is killed with SIGKILL at random moments during the storm and
 * restarted, N times.
 *
 * <p>Every write carries its own {@code Idempotency-Key}. A write cut off (refused, reset, timed out,
 * its instance killed) or answered with something that may succeed later (409 IDEMPOTENCY_KEY_IN_USE,
 * CONCURRENT_UPDATE, TRANSFER_ABORTED, any 503) is sent again, same request and same key, to any
 * instance until it gets a definite answer; so every write's outcome is known and the checks expect
 * every balance exactly. Some answered writes are sent again on purpose: their replay must repeat the
 * first answer byte for byte.
 *
 * <p>JDK only: {@code java scripts/Concurrency.java --help}. Exit status 0 when every check passed.
 */
public class Concurrency {

    // ---- options -------------------------------------------------------------------------------

    /** Fixed, so that a run is the same run every time; {@code --seed random} explores a new one. */
    static long seed = 42;
    static int clients = 16;
    static int opsPerClient = 60;
    static int accounts = 12;
    static int hotAccounts = 2;
    static int scenarioRepeats = 3;
    static int kills = 0;
    /** 503 OVERLOADED answers (retryable, nothing done) while an instance was killed: allowed, counted. */
    static final java.util.concurrent.atomic.AtomicInteger overloadedDuringKills =
            new java.util.concurrent.atomic.AtomicInteger();
    static String jar = "app/target/bankcore.jar";
    /** An audit answered 503 NOT_AVAILABLE (an event store it cannot read) is skipped instead of failed. */
    static boolean auditIfAvailable = false;
    static String databaseUrl = null;
    static String databaseUser = "postgres";
    static String databasePassword = "";
    static List<Integer> ports = List.of(8101, 8102);
    static List<String> externalUrls = List.of();
    static Duration settleTimeout = Duration.ofSeconds(60);
    /** How long an instance may take to start; generous, since a loaded machine starts two at once slowly. */
    static Duration startupTimeout = Duration.ofSeconds(300);
    /** How long one write is sent again with its key before the lack of a definite answer is a failure. */
    static Duration retryDeadline = Duration.ofSeconds(60);

    static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(3))
            .executor(Executors.newFixedThreadPool(8, runnable -> {
                Thread thread = new Thread(runnable, "http");
                thread.setDaemon(true);
                return thread;
            }))
            .build();
    static final List<Node> nodes = new ArrayList<>();
    /**
     * With authentication on (BANKCORE_AUTH other than none, and BANKCORE_BOOTSTRAP_ADMIN_KEY given to
     * the instances), every request carries a key with every scope, created with the bootstrap key.
     */
    static String apiKey = null;
    static final List<String> failures = Collections.synchronizedList(new ArrayList<>());

    public static void main(String[] args) throws Exception {
        parse(args);
        System.out.printf(
                Locale.ROOT,
                "concurrency: seed=%d clients=%d ops/client=%d accounts=%d hot=%d kills=%d%n",
                seed, clients, opsPerClient, accounts, hotAccounts, kills);
        System.out.printf("concurrency: replay with --seed %d%n", seed);
        try {
            if (externalUrls.isEmpty()) {
                for (int i = 0; i < ports.size(); i++) {
                    nodes.add(Node.launch("node-" + (i + 1), ports.get(i)));
                }
                for (Node node : nodes) {
                    node.awaitUp();
                }
            } else {
                for (String url : externalUrls) {
                    nodes.add(new Node(url));
                }
            }
            createApiKey();
            long conflictsBefore = metric("bankcore.commands.conflicts");
            long retriesBefore = metric("bankcore.commands.retries");

            scenarios();
            Storm storm = new Storm(new Random(seed));
            storm.run();
            storm.check();
            audit();

            long conflicts = metric("bankcore.commands.conflicts") - conflictsBefore;
            long retries = metric("bankcore.commands.retries") - retriesBefore;
            System.out.printf(
                    "concurrency: conflicts=%d retried=%d (sums over the instances%s)%n",
                    conflicts, retries, kills > 0 ? " since their last restart" : "");
            if (kills > 0) {
                System.out.printf(
                        "concurrency: answered 503 OVERLOADED (retryable, nothing done) while an instance was"
                                + " down: %d, each sent again%n",
                        overloadedDuringKills.get());
            }
        } catch (Throwable unexpected) {
            // A defect of the storm itself: say so and exit, rather than wait forever on its client threads.
            System.out.println("concurrency: FAILED, the storm itself failed, seed " + seed + ": " + unexpected);
            unexpected.printStackTrace(System.out);
            for (Node node : nodes) {
                node.stop();
            }
            System.exit(2);
        } finally {
            for (Node node : nodes) {
                node.stop();
            }
        }
        if (!failures.isEmpty()) {
            System.out.println("concurrency: FAILED (" + failures.size() + " checks), seed " + seed);
            // 5xx last: an overloaded machine answers many 503s, which would hide every other kind
            failures.stream()
                    .sorted(java.util.Comparator.comparing(f -> f.startsWith("5xx")))
                    .limit(40)
                    .forEach(f -> System.out.println("  - " + f));
            System.exit(1);
        }
        System.out.println("concurrency: all checks passed, seed " + seed);
        System.exit(0);
    }

    /** The books' own verification over the whole event store, after the storm settled: it must be clean. */
    static void audit() {
        Response r = get(nodes.get(0), "/admin/audit");
        if (auditIfAvailable && r.status() == 503 && "NOT_AVAILABLE".equals(r.field("code"))) {
            System.out.println("concurrency: audit: SKIPPED, not available on these instances (503 NOT_AVAILABLE)");
            return;
        }
        if (r.status() != 200
                || !(r.json() instanceof Map<?, ?> report)
                || !(report.get("mismatches") instanceof List<?> mismatches)) {
            failures.add("audit: no report: " + r);
            return;
        }
        if (!mismatches.isEmpty()) {
            failures.add("audit: " + mismatches.size() + " mismatches, the first ones: "
                    + mismatches.stream().limit(5).toList());
        }
        System.out.printf(
                Locale.ROOT,
                "concurrency: audit: %d mismatches over %s accounts and %s events, %s transfers pending, in %s ms%n",
                mismatches.size(),
                report.get("accounts_checked"),
                report.get("events_checked"),
                report.get("pending_transfers"),
                report.get("duration_ms"));
    }

    static void parse(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--seed" -> {
                    String value = args[++i];
                    seed = value.equals("random") ? new Random().nextLong() : Long.parseLong(value);
                }
                case "--clients" -> clients = Integer.parseInt(args[++i]);
                case "--ops" -> opsPerClient = Integer.parseInt(args[++i]);
                case "--accounts" -> accounts = Integer.parseInt(args[++i]);
                case "--hot" -> hotAccounts = Integer.parseInt(args[++i]);
                case "--repeats" -> scenarioRepeats = Integer.parseInt(args[++i]);
                case "--kills" -> kills = Integer.parseInt(args[++i]);
                case "--jar" -> jar = args[++i];
                case "--db" -> databaseUrl = args[++i];
                case "--db-user" -> databaseUser = args[++i];
                case "--db-password" -> databasePassword = args[++i];
                case "--ports" -> ports = List.of(args[++i].split(",")).stream()
                        .map(Integer::parseInt)
                        .toList();
                case "--urls" -> externalUrls = List.of(args[++i].split(","));
                case "--audit-if-available" -> auditIfAvailable = true;
                case "--help" -> {
                    System.out.println(
                            """
                            java scripts/Concurrency.java [options]
                              --db URL            PostgreSQL JDBC URL of an empty database; instances are launched from --jar
                              --jar PATH          bankcore jar (default app/target/bankcore.jar)
                              --ports P1,P2       ports of the launched instances (default 8101,8102)
                              --urls U1,U2        use running instances instead of launching (no --kills then)
                              --seed N|random     storm seed (default 42; printed; random picks a new one)
                              --clients N         concurrent storm clients (default 16)
                              --ops N             operations per storm client (default 60)
                              --accounts N        storm accounts (default 12), of which --hot N (default 2) get half the traffic
                              --repeats N         rounds of each of the four scenarios (default 3)
                              --kills N           SIGKILL and restart one instance N times during the storm (default 0)
                              --audit-if-available  an audit answered 503 NOT_AVAILABLE is reported as skipped, not failed
                            """);
                    System.exit(0);
                }
                default -> throw new IllegalArgumentException("unknown option " + a + " (see --help)");
            }
        }
        if (externalUrls.isEmpty() && databaseUrl == null) {
            throw new IllegalArgumentException("give --db (to launch instances) or --urls (to use running ones)");
        }
        if (!externalUrls.isEmpty() && kills > 0) {
            throw new IllegalArgumentException("--kills needs launched instances (--db), not --urls");
        }
    }

    // ---- the original's four scenarios, released at once ----------------------------------------

    static void scenarios() throws Exception {
        Instant started = Instant.now();
        for (int round = 1; round <= scenarioRepeats; round++) {
            // 1. sequential basic
            String a = openAccount(1000);
            expect("basic deposit", post(node(0), "/accounts/" + a + "/deposit", amount(500)), 200);
            expect("basic withdraw", post(node(1), "/accounts/" + a + "/withdraw", amount(200)), 200);
            expectBalance("basic", a, 1300);
            expectLedgerSize("basic", a, 3);

            // 2. deposits and withdrawals on one account, all at once, through both instances
            int n = 20;
            String b = openAccount(1000);
            List<Request> requests = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                requests.add(new Request(node(i), "/accounts/" + b + "/deposit", amount(10)));
                requests.add(new Request(node(i + 1), "/accounts/" + b + "/withdraw", amount(10)));
            }
            expectAll("deposit with withdraw", answers(releaseAtOnce(requests)), 200);
            expectBalance("deposit with withdraw", b, 1000);
            expectLedgerSize("deposit with withdraw", b, 1 + 2 * n);

            // 3. deposits into an account while it transfers out, all at once
            String c = openAccount(1000);
            String d = openAccount(0);
            requests.clear();
            for (int i = 0; i < n; i++) {
                requests.add(new Request(node(i), "/accounts/" + c + "/deposit", amount(10)));
                requests.add(new Request(node(i + 1), "/transfers", transfer(c, d, 10)));
            }
            expectAll("deposit with transfer", transfersSettled(answers(releaseAtOnce(requests))), 200);
            expectBalance("deposit with transfer", c, 1000);
            expectBalance("deposit with transfer", d, 10L * n);

            // 4. two chained transfers, A -> B and B -> C, at once
            String e = openAccount(1000);
            String f = openAccount(100);
            String g = openAccount(0);
            requests.clear();
            requests.add(new Request(node(0), "/transfers", transfer(e, f, 100)));
            requests.add(new Request(node(1), "/transfers", transfer(f, g, 100)));
            expectAll("chained transfers", transfersSettled(answers(releaseAtOnce(requests))), 200);
            expectBalance("chained transfers", e, 900);
            expectBalance("chained transfers", f, 100);
            expectBalance("chained transfers", g, 100);

            // 5. one deposit sent n times at once under one key, through both instances
            sameKeyAtOnce(n);
        }
        System.out.printf(
                Locale.ROOT,
                "concurrency: five scenarios x %d rounds done in %d ms (one key at once: %d requests kept waiting"
                        + " with IDEMPOTENCY_KEY_IN_USE, %d replayed)%n",
                scenarioRepeats,
                Duration.between(started, Instant.now()).toMillis(),
                SAME_KEY_IN_USE.get(),
                SAME_KEY_REPLAYED.get());
    }

    static final AtomicInteger SAME_KEY_IN_USE = new AtomicInteger();
    static final AtomicInteger SAME_KEY_REPLAYED = new AtomicInteger();

    /**
     * One deposit, the same request under the same key, n times at once: exactly one of them runs, the
     * others wait (409 IDEMPOTENCY_KEY_IN_USE, sent again) or replay its answer byte for byte; the key
     * then refuses any other request (422 IDEMPOTENCY_KEY_REUSED) and nothing else changes.
     */
    static void sameKeyAtOnce(int n) throws Exception {
        String what = "one key at once";
        String h = openAccount(1000);
        String key = newKey("same");
        List<Request> requests = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            requests.add(new Request(node(i), "/accounts/" + h + "/deposit", amount(10), key, true));
        }
        List<Delivery> deliveries = releaseAtOnce(requests);
        expectAll(what, answers(deliveries), 200);
        List<Delivery> executed =
                deliveries.stream().filter(x -> x.definite() && !x.answer().replayed()).toList();
        for (Delivery x : deliveries) {
            if (x.attempts().stream().anyMatch(r -> "IDEMPOTENCY_KEY_IN_USE".equals(r.field("code")))) {
                SAME_KEY_IN_USE.incrementAndGet();
            }
            if (x.definite() && x.answer().replayed()) {
                SAME_KEY_REPLAYED.incrementAndGet();
            }
        }
        if (executed.size() != 1) {
            failures.add(what + ": " + executed.size() + " of " + n + " requests under key " + key
                    + " were executed (not replayed), expected exactly 1: " + executed);
        } else {
            String body = executed.get(0).answer().body();
            for (Delivery x : deliveries) {
                if (x.definite() && !x.answer().body().equals(body)) {
                    failures.add(what + ": replay differs from the executed answer " + body + ": " + x.answer());
                }
            }
        }
        Response other = write(node(0), "/accounts/" + h + "/deposit", amount(11), key, true).answer();
        expectRefusal(what + ", other amount", other, 422, "IDEMPOTENCY_KEY_REUSED");
        Response route = write(node(1), "/accounts/" + h + "/withdraw", amount(10), key, true).answer();
        expectRefusal(what + ", other route", route, 422, "IDEMPOTENCY_KEY_REUSED");
        expectBalance(what, h, 1010);
        expectLedgerSize(what, h, 2);
    }

    /** A scenario's request; {@code keyUsed}: other requests use the key too, at the same time. */
    record Request(Node node, String path, String body, String key, boolean keyUsed) {
        Request(Node node, String path, String body) {
            this(node, path, body, newKey("scenario"), false);
        }
    }

    static List<Delivery> releaseAtOnce(List<Request> requests) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(requests.size());
        try {
            var barrier = new CountDownLatch(1);
            List<Future<Delivery>> futures = new ArrayList<>();
            for (Request r : requests) {
                futures.add(pool.submit(() -> {
                    barrier.await();
                    return write(r.node(), r.path(), r.body(), r.key(), r.keyUsed());
                }));
            }
            barrier.countDown();
            List<Delivery> deliveries = new ArrayList<>();
            for (var future : futures) {
                deliveries.add(future.get(retryDeadline.toSeconds() + 60, TimeUnit.SECONDS));
            }
            return deliveries;
        } finally {
            pool.shutdownNow();
        }
    }

    static List<Response> answers(List<Delivery> deliveries) {
        return deliveries.stream().map(Delivery::answer).toList();
    }

    // ---- the storm -----------------------------------------------------------------------------

    static final class Storm {
        final Random random;
        final List<String> accountNumbers = new ArrayList<>();
        final Map<String, Long> initial = new LinkedHashMap<>();
        /** Every write of the storm with what finally came of it, in no particular order. */
        final List<Outcome> outcomes = Collections.synchronizedList(new ArrayList<>());
        /** The reservations the storm made (answered 201), oldest first: what posts and voids aim at. */
        final List<Reservation> reservations = Collections.synchronizedList(new ArrayList<>());
        /** Transfers answered as completed (and posted reservations, for their posted amount): what a reversal aims at. */
        final List<Reservation> completed = Collections.synchronizedList(new ArrayList<>());
        /**
         * Per account, the largest overdraft limit it was opened with or sent (whatever the answer): no
         * balance may go below minus it.
         */
        final Map<String, Long> largestLimit = new ConcurrentHashMap<>();
        /** Accounts last answered as frozen, to aim unfreezes at (a hint only: answers race). */
        final Set<String> frozen = ConcurrentHashMap.newKeySet();
        final AtomicInteger closesTried = new AtomicInteger();
        final Map<String, AtomicInteger> statuses = new ConcurrentHashMap<>();
        final Map<String, AtomicInteger> kinds = new ConcurrentHashMap<>();
        final Map<String, AtomicInteger> refusals = new ConcurrentHashMap<>();
        final AtomicInteger killsDone = new AtomicInteger();
        final AtomicBoolean killerFinished = new AtomicBoolean(kills == 0);
        final AtomicInteger opsDone = new AtomicInteger();
        Duration elapsed;

        Storm(Random random) {
            this.random = random;
        }

        void run() throws Exception {
            for (int i = 0; i < accounts; i++) {
                long balance = 100_000 + random.nextInt(100_000);
                // every third account may go below zero from the start
                long limit = i % 3 == 1 ? 50_000 + random.nextInt(100_000) : 0;
                String number = openAccount(balance, limit);
                accountNumbers.add(number);
                initial.put(number, balance);
                largestLimit.put(number, limit);
            }
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            var running = new AtomicBoolean(true);
            Thread killer = kills > 0 ? new Thread(() -> killLoop(running, new Random(seed ^ 0x5DEECE66DL))) : null;
            Instant started = Instant.now();
            if (killer != null) {
                killer.start();
            }
            var barrier = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                long clientSeed = random.nextLong();
                int client = c;
                futures.add(pool.submit(() -> {
                    barrier.await();
                    client(client, new Random(clientSeed));
                    return null;
                }));
            }
            barrier.countDown();
            for (var future : futures) {
                future.get();
            }
            elapsed = Duration.between(started, Instant.now());
            running.set(false);
            if (killer != null) {
                killer.join();
            }
            pool.shutdownNow();
            int ops = opsDone.get();
            System.out.printf(
                    Locale.ROOT,
                    "concurrency: storm %d ops in %d ms = %.0f ops/s across %d instances; operations %s; statuses %s"
                            + " (refusals %s); kills %d%n",
                    ops,
                    elapsed.toMillis(),
                    ops * 1000.0 / Math.max(1, elapsed.toMillis()),
                    nodes.size(),
                    new TreeMap<>(kinds),
                    new TreeMap<>(statuses),
                    new TreeMap<>(refusals),
                    killsDone.get());
            System.out.println("concurrency: " + Retries.summary(outcomes));
        }

        String pick(Random r) {
            // half the traffic on the hot accounts, the rest spread evenly
            if (hotAccounts > 0 && r.nextBoolean()) {
                return accountNumbers.get(r.nextInt(Math.min(hotAccounts, accountNumbers.size())));
            }
            return accountNumbers.get(r.nextInt(accountNumbers.size()));
        }

        String other(Random r, String account) {
            String to = pick(r);
            while (to.equals(account)) {
                to = accountNumbers.get(r.nextInt(accountNumbers.size()));
            }
            return to;
        }

        /**
         * A reservation to post or void: one of the latest few, so that some are still open and some
         * have ended (posted, voided, expired) and are refused; null when there is none yet.
         */
        Reservation recentReservation(Random r) {
            synchronized (reservations) {
                if (reservations.isEmpty()) {
                    return null;
                }
                int window = Math.min(8, reservations.size());
                return reservations.get(reservations.size() - 1 - r.nextInt(window));
            }
        }

        Reservation recentCompleted(Random r) {
            synchronized (completed) {
                if (completed.isEmpty()) {
                    return null;
                }
                int window = Math.min(8, completed.size());
                return completed.get(completed.size() - 1 - r.nextInt(window));
            }
        }

        /**
         * An atomic batch of 2 to 5 transfers; now and then one spends what the one before it brought (its
         * source is that one's destination), and now and then one asks more than any account holds, so that
         * the whole batch is refused.
         */
        Operation batch(Random r, String account, String key) {
            var items = new ArrayList<Operation>();
            String from = account;
            for (int n = 0, size = 2 + r.nextInt(4); n < size; n++) {
                String to = other(r, from);
                long amount = r.nextInt(25) == 0 ? 2_000_000 + r.nextInt(1_000) : 1 + r.nextInt(3_000);
                items.add(Operation.transfer(from, to, amount, key + "." + n));
                from = r.nextInt(3) == 0 ? to : pick(r);
            }
            return Operation.batch(items, key);
        }

        void client(int client, Random r) {
            // Sent again on purpose, to check the replay; its own stream, so the seed picks the same ops.
            Random resends = new Random(r.nextLong());
            // With kills, clients keep going until every kill and restart is done, so each lands mid-storm.
            for (int i = 0; i < opsPerClient || !killerFinished.get(); i++) {
                opsDone.incrementAndGet();
                Node node = nodes.get(r.nextInt(nodes.size()));
                String key = newKey(String.format(Locale.ROOT, "c%02d-%04d", client, i));
                int roll = r.nextInt(100);
                String account = pick(r);
                Operation op;
                if (roll < 20) {
                    op = Operation.deposit(account, 1 + r.nextInt(5_000), key);
                } else if (roll < 32) {
                    // now and then a large one, which only an overdraft limit lets through
                    long amount = r.nextInt(6) == 0 ? 100_000 + r.nextInt(200_000) : 1 + r.nextInt(3_000);
                    op = Operation.withdrawal(account, amount, key);
                } else if (roll < 45 || (roll >= 52 && roll < 56 && recentCompleted(r) == null)) {
                    op = Operation.transfer(account, other(r, account), 1 + r.nextInt(3_000), key);
                } else if (roll < 52) {
                    op = batch(r, account, key);
                } else if (roll < 56) {
                    // all that is left, a part, or (now and then) more than the transfer moved
                    Reservation target = recentCompleted(r);
                    int form = r.nextInt(10);
                    long amount = form < 3
                            ? 0
                            : form < 9 ? 1 + r.nextInt((int) Math.max(1, target.amount() / 2)) : target.amount() + 1;
                    op = Operation.reverse(target, amount, key);
                } else if (roll == 99 || (client == 0 && i == opsPerClient / 2)) {
                    // at most two closes a storm, one of them always; never of a hot account
                    String target = accountNumbers.get(
                            Math.min(hotAccounts, accountNumbers.size() - 1)
                                    + r.nextInt(Math.max(1, accountNumbers.size() - hotAccounts)));
                    if (closesTried.incrementAndGet() <= 2) {
                        empty(client, i, node, target);
                        op = Operation.close(target, key);
                    } else {
                        op = Operation.deposit(account, 1 + r.nextInt(5_000), key);
                    }
                } else if (roll < 72 || (roll < 89 && recentReservation(r) == null)) {
                    // short ones expire during the storm (and race posts and voids), long ones stay open
                    int timeout = r.nextInt(5) < 2 ? 1 + r.nextInt(3) : r.nextInt(4) == 0 ? 0 : 3_600;
                    op = Operation.reserve(account, other(r, account), 1 + r.nextInt(3_000), timeout, key);
                } else if (roll < 82) {
                    Reservation target = recentReservation(r);
                    int form = r.nextInt(20);
                    // absent (all), all named, part of it, or (rarely) more than was reserved
                    long amount = form < 6
                            ? 0
                            : form < 10
                                    ? target.amount()
                                    : form < 19 ? 1 + r.nextInt((int) target.amount()) : target.amount() + 1;
                    op = Operation.post(target, amount, form < 3, key);
                } else if (roll < 89) {
                    op = Operation.voidTransfer(recentReservation(r), key);
                } else if (roll < 93) {
                    String direction = List.of("", "ALL", "DEBITS", "credits").get(r.nextInt(4));
                    op = Operation.freeze(account, direction, "storm c" + client + " op " + i, key);
                } else if (roll >= 96) {
                    // raised and lowered, also below what the account uses at the moment
                    long limit = List.of(0L, 0L, 1_000L, 20_000L, 150_000L, 400_000L).get(r.nextInt(6));
                    largestLimit.merge(account, limit, Math::max);
                    op = Operation.overdraftLimit(account, limit, key);
                } else {
                    List<String> candidates = new ArrayList<>(frozen);
                    Collections.sort(candidates);
                    String target = candidates.isEmpty() ? account : candidates.get(r.nextInt(candidates.size()));
                    op = Operation.unfreeze(target, key);
                }
                Outcome outcome = perform(node, op);
                if (outcome.delivery.definite() && resends.nextInt(8) == 0) {
                    outcome.resend(nodes.get(resends.nextInt(nodes.size())), resends.nextBoolean());
                }
            }
        }

        Outcome perform(Node node, Operation op) {
            Delivery delivery = write(node, op.path(), op.body(), op.key());
            Outcome outcome = new Outcome(op, delivery);
            outcomes.add(outcome);
            kinds.computeIfAbsent(op.kind().name().toLowerCase(Locale.ROOT), k -> new AtomicInteger())
                    .incrementAndGet();
            tally(op, delivery);
            Response answer = delivery.answer();
            if (delivery.definite()) {
                switch (op.kind()) {
                    case TRANSFER -> {
                        if (answer.status() == 200 && answer.field("correlation_id") != null) {
                            completed.add(new Reservation(
                                    answer.field("correlation_id"), op.account(), op.to(), op.amount()));
                        }
                    }
                    case BATCH -> {
                        var applied = batchTransferIds(answer);
                        for (int n = 0; n < applied.size(); n++) {
                            var item = op.items().get(n);
                            completed.add(new Reservation(applied.get(n), item.account(), item.to(), item.amount()));
                        }
                    }
                    case POST -> {
                        if (answer.status() == 200 && answer.field("posted_amount_cents") != null) {
                            completed.add(new Reservation(op.transferId(), op.account(), op.to(),
                                    Long.parseLong(answer.field("posted_amount_cents"))));
                        }
                    }
                    case RESERVE -> {
                        if (answer.status() == 201 && answer.field("correlation_id") != null) {
                            reservations.add(new Reservation(
                                    answer.field("correlation_id"), op.account(), op.to(), op.amount()));
                        }
                    }
                    case FREEZE -> {
                        if (answer.status() == 200) {
                            frozen.add(op.account());
                        }
                    }
                    case UNFREEZE -> {
                        if (answer.status() == 200) {
                            frozen.remove(op.account());
                        }
                    }
                    default -> {}
                }
            }
            return outcome;
        }

        /**
         * Before a close: voids the account's open reservations and withdraws what is left, each an
         * ordinary operation of the storm; other clients may well move money in meanwhile, and then
         * the close is refused (ACCOUNT_NOT_EMPTY).
         */
        void empty(int client, int i, Node node, String account) {
            Response open = get(node, "/accounts/" + account + "/reservations?limit=1000");
            if (open.status() == 200 && open.json() instanceof List<?> list) {
                int n = 0;
                for (Object item : list) {
                    if (item instanceof Map<?, ?> t && t.get("correlation_id") != null) {
                        var reservation = new Reservation(
                                t.get("correlation_id").toString(),
                                account,
                                String.valueOf(t.get("to_account_number")),
                                ((Number) t.get("amount_cents")).longValue());
                        perform(node, Operation.voidTransfer(reservation, newKey(String.format(
                                Locale.ROOT, "c%02d-%04d-empty-void-%d", client, i, n++))));
                    }
                }
            }
            Response balance = get(node, "/accounts/" + account + "/balance");
            String posted = balance.field("balance_cents");
            if (balance.status() != 200 || posted == null) {
                return;
            }
            // To exactly 0: what is left goes out, an overdraft comes back in.
            long left = Long.parseLong(posted);
            if (left > 0) {
                perform(node, Operation.withdrawal(account, left, newKey(String.format(
                        Locale.ROOT, "c%02d-%04d-empty-withdraw", client, i))));
            } else if (left < 0) {
                perform(node, Operation.deposit(account, -left, newKey(String.format(
                        Locale.ROOT, "c%02d-%04d-empty-deposit", client, i))));
            }
        }

        /**
         * Counts every answer; checks the final one: a 5xx never (see {@link #checkAttempt}), a refusal
         * only with a code the operation may meet in a storm, with its status, a success with the
         * operation's status and, where the answer carries them, a consistent available balance.
         */
        void tally(Operation op, Delivery delivery) {
            for (Response response : delivery.attempts()) {
                String key = response.status() == -2
                        ? "refused"
                        : response.status() == -1 ? "no-answer" : String.valueOf(response.status());
                statuses.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
            }
            Response answer = delivery.answer();
            if (!delivery.definite()) {
                return;
            }
            if (answer.status() >= 400 && answer.status() < 500) {
                String code = answer.field("code");
                if ("BATCH_REFUSED".equals(code) && op.kind() == Operation.Kind.BATCH) {
                    checkBatchRefusal(op, answer);
                    refusals.computeIfAbsent(code, k -> new AtomicInteger()).incrementAndGet();
                    return;
                }
                if (code == null || !op.refusals().contains(code)) {
                    failures.add("unexpected refusal for a " + op.kind() + ": " + answer);
                } else if (!Integer.valueOf(answer.status()).equals(REFUSAL_STATUS.get(code))) {
                    failures.add(code + " answered with status " + answer.status() + ": " + answer);
                }
                refusals.computeIfAbsent(code, k -> new AtomicInteger()).incrementAndGet();
            } else if (answer.status() < 300) {
                if (!op.successes().contains(answer.status())) {
                    failures.add("a " + op.kind() + " answered " + answer.status() + ": " + answer);
                }
                checkAvailable(answer);
            }
        }

        /**
         * A refused batch: one result per transfer, {@code APPLIED_NOTHING} or a refusal a transfer may meet
         * in the storm, the first refusal at {@code failed_index}, and the batch's status that refusal's.
         */
        static void checkBatchRefusal(Operation op, Response answer) {
            if (!(answer.json() instanceof Map<?, ?> body)
                    || !(body.get("results") instanceof List<?> results)
                    || !(body.get("failed_index") instanceof Number failed)) {
                failures.add("a refused batch without results: " + answer);
                return;
            }
            Set<String> allowed = Operation.transfer("0", "1", 1, "").refusals();
            int first = -1;
            for (int n = 0; n < results.size(); n++) {
                String result = String.valueOf(results.get(n));
                if (!result.equals("APPLIED_NOTHING")) {
                    if (!allowed.contains(result)) {
                        failures.add("a batch's transfer refused with " + result + ": " + answer);
                    }
                    first = first < 0 ? n : first;
                }
            }
            if (results.size() != op.items().size() || first != failed.intValue() || first < 0) {
                failures.add("a refused batch of " + op.items().size() + " names results " + results + " and failed_index "
                        + failed + ": " + answer);
                return;
            }
            Integer status = REFUSAL_STATUS.get(String.valueOf(results.get(first)));
            if (status == null || status != answer.status()) {
                failures.add("a refused batch answered " + answer.status() + " for its first refusal " + results.get(first));
            }
        }

        /** The transfers an applied batch answered, in its order (none unless it answered 200). */
        static List<String> batchTransferIds(Response answer) {
            var ids = new ArrayList<String>();
            if (answer.status() == 200
                    && answer.json() instanceof Map<?, ?> body
                    && body.get("transfers") instanceof List<?> transfers) {
                for (Object t : transfers) {
                    if (t instanceof Map<?, ?> m && m.get("correlation_id") != null) {
                        ids.add(m.get("correlation_id").toString());
                    }
                }
            }
            return ids;
        }

        /** available = max(0, balance + limit - reserved), as far as the answer tells. */
        static void checkAvailable(Response answer) {
            if (!(answer.json() instanceof Map<?, ?> body)) {
                return;
            }
            Object available = body.get("available_balance_cents");
            if (available instanceof Number a && a.longValue() < 0) {
                failures.add("negative available balance in " + answer);
            }
            if (available instanceof Number a
                    && body.get("balance_cents") instanceof Number b
                    && body.get("reserved_cents") instanceof Number r
                    && body.get("overdraft_limit_cents") instanceof Number l
                    && a.longValue() != available(b.longValue(), l.longValue(), r.longValue())) {
                failures.add("available != max(0, balance + limit - reserved) in " + answer);
            }
        }

        /** What a debit may take: balance + limit - reserved, never below 0 (the storm's sums fit a long). */
        static long available(long balance, long limit, long reserved) {
            return Math.max(0, balance + limit - reserved);
        }

        void killLoop(AtomicBoolean running, Random r) {
            try {
                kill(r);
            } finally {
                killerFinished.set(true);
            }
        }

        void kill(Random r) {
            Node victim = nodes.get(nodes.size() - 1);
            while (killsDone.get() < kills) {
                sleep(300 + r.nextInt(1_500));
                victim.kill();
                killsDone.incrementAndGet();
                System.out.printf("concurrency: killed %s (SIGKILL), restarting%n", victim.name);
                sleep(r.nextInt(500));
                try {
                    victim.restart();
                    victim.awaitUp();
                } catch (Exception e) {
                    failures.add("restart of " + victim.name + " failed: " + e);
                    return;
                }
            }
        }

        /**
         * Settled: a regular transfer COMPLETED or FAILED; a pending one VOIDED, EXPIRED, COMPLETED, or
         * RESERVED with its expiry well ahead (so that it cannot expire while the checks read).
         */
        static boolean settled(Map<String, Object> view) {
            if (view == null) {
                return false;
            }
            String status = String.valueOf(view.get("status"));
            return switch (status) {
                case "COMPLETED", "FAILED", "VOIDED", "EXPIRED" -> true;
                case "RESERVED" -> view.get("expires_at") != null
                        && Instant.parse(view.get("expires_at").toString())
                                .isAfter(Instant.now().plus(RESERVED_MARGIN));
                default -> false;
            };
        }

        @SuppressWarnings("unchecked")
        /**
         * Every ledger line a storm write made carries that write's memo: its key names a write of the
         * matching kind on one of the accounts it names, for its amount (a posted reservation's line for
         * at most the reserved amount, labelled with the reservation's memo since posts bring none), and
         * no key labels two lines of one kind on one account. Every deposit answered 200 has its line.
         */
        void checkMemos(Map<String, List<Map<String, Object>>> ledgers) {
            Map<String, Operation> byKey = new HashMap<>();
            List<Outcome> deposits = new ArrayList<>();
            synchronized (outcomes) {
                for (Outcome o : outcomes) {
                    byKey.put(o.op.key(), o.op);
                    o.op.items().forEach(item -> byKey.put(item.key(), item));
                    if (o.op.kind() == Operation.Kind.DEPOSIT
                            && o.delivery.definite()
                            && o.delivery.answer().status() == 200) {
                        deposits.add(o);
                    }
                }
            }
            Set<String> seen = new HashSet<>();
            int labelled = 0;
            for (var ledger : ledgers.entrySet()) {
                String account = ledger.getKey();
                for (var entry : ledger.getValue()) {
                    Object metadata = entry.get("metadata");
                    Object key = metadata instanceof Map<?, ?> m ? m.get("storm_op") : null;
                    if (key == null) {
                        continue; // a line of the set-up or of the scenarios, which send no memo
                    }
                    labelled++;
                    String type = entry.get("entry_type").toString();
                    long amount = ((Number) entry.get("amount_cents")).longValue();
                    Operation op = byKey.get(key.toString());
                    String line = account + " " + type + " " + amount + " labelled " + key;
                    if (op == null) {
                        failures.add("memo: no storm write has the key of " + line);
                        continue;
                    }
                    boolean kindFits = switch (type) {
                        case "DEPOSIT" -> op.kind() == Operation.Kind.DEPOSIT;
                        case "WITHDRAWAL" -> op.kind() == Operation.Kind.WITHDRAWAL;
                        case "REVERSAL_OUT", "REVERSAL_IN" -> op.kind() == Operation.Kind.REVERSE;
                        default -> op.kind() == Operation.Kind.TRANSFER || op.kind() == Operation.Kind.RESERVE;
                    };
                    boolean accountFits = account.equals(op.account()) || account.equals(op.to());
                    boolean amountFits = op.kind() == Operation.Kind.RESERVE
                            ? amount <= op.amount()
                            : op.kind() == Operation.Kind.REVERSE && op.amount() == 0
                                    ? amount <= op.reserved()
                                    : amount == op.amount();
                    if (!kindFits || !accountFits || !amountFits) {
                        failures.add("memo: " + line + " but that key's write is " + op.kind() + " " + op.account()
                                + (op.to() == null ? "" : " -> " + op.to()) + " " + op.amount());
                    }
                    if (!seen.add(account + " " + type + " " + key)) {
                        failures.add("memo: two lines " + line);
                    }
                    if (!("storm " + op.kind().name().toLowerCase(Locale.ROOT).replace("reserve", "reservation"))
                            .equals(entry.get("description"))) {
                        failures.add("memo: " + line + " has description " + entry.get("description"));
                    }
                }
            }
            for (Outcome o : deposits) {
                if (!seen.contains(o.op.account() + " DEPOSIT " + o.op.key())) {
                    failures.add("memo: deposit " + o.op.key() + " answered 200 but has no line labelled with it");
                }
            }
            if (labelled == 0 && !byKey.isEmpty()) {
                failures.add("memo: no ledger line carries a storm write's memo");
            }
            System.out.printf(Locale.ROOT, "concurrency: %d ledger lines labelled by their storm write's memo%n", labelled);
        }

        void check() throws Exception {
            // Let in-flight transfers settle and short reservations expire: every transfer id, from the
            // answers and from the ledgers.
            Map<String, List<Map<String, Object>>> ledgers = new LinkedHashMap<>();
            long deadline = System.nanoTime() + settleTimeout.toNanos();
            Set<String> ids = ConcurrentHashMap.newKeySet();
            synchronized (outcomes) {
                for (Outcome o : outcomes) {
                    if (o.transferId() != null) {
                        ids.add(o.transferId());
                    }
                }
            }
            Map<String, Map<String, Object>> views = new HashMap<>();
            Map<String, String> states = new HashMap<>();
            Instant settling = Instant.now();
            while (true) {
                ledgers.clear();
                for (String account : accountNumbers) {
                    ledgers.put(account, ledger(account));
                }
                for (var entries : ledgers.values()) {
                    for (var entry : entries) {
                        Object correlation = entry.get("correlation_id");
                        // a reversal's lines carry the reversal's own id, not a transfer's
                        if (correlation != null && !entry.get("entry_type").toString().startsWith("REVERSAL_")) {
                            ids.add(correlation.toString());
                        }
                    }
                }
                views.clear();
                states.clear();
                for (String id : ids) {
                    Response t = get(nodes.get(0), "/transfers/" + id);
                    if (t.status() == 200 && t.json() instanceof Map<?, ?> m) {
                        views.put(id, (Map<String, Object>) m);
                        states.put(id, t.field("status"));
                    } else {
                        states.put(id, "HTTP " + t.status());
                    }
                }
                boolean done = ids.stream().allMatch(id -> settled(views.get(id)));
                if (done || System.nanoTime() > deadline) {
                    break;
                }
                sleep(500);
            }
            long settleMs = Duration.between(settling, Instant.now()).toMillis();
            ledgers.clear();
            Map<String, Long> balances = new LinkedHashMap<>();
            Map<String, Map<String, Object>> accountViews = new LinkedHashMap<>();
            Map<String, List<Map<String, Object>>> open = new LinkedHashMap<>();
            for (String account : accountNumbers) {
                ledgers.put(account, ledger(account));
                Response b = get(nodes.get(0), "/accounts/" + account + "/balance");
                if (b.status() != 200 || !(b.json() instanceof Map<?, ?> m)) {
                    failures.add("balance of " + account + ": " + b);
                    balances.put(account, 0L);
                    continue;
                }
                accountViews.put(account, (Map<String, Object>) m);
                balances.put(account, ((Number) m.get("balance_cents")).longValue());
                Response list = get(nodes.get(0), "/accounts/" + account + "/reservations?limit=1000");
                if (list.status() != 200 || !(list.json() instanceof List<?> l)) {
                    failures.add("reservations of " + account + ": " + list);
                    continue;
                }
                open.put(account, (List<Map<String, Object>>) l);
            }

            checkMemos(ledgers);

            long total = 0;
            long ledgerDeposits = 0;
            long ledgerWithdrawals = 0;
            Map<String, long[]> transferLegs = new HashMap<>(); // out, in, refund
            Map<String, long[]> reversalLegs = new HashMap<>(); // out (destination), in (source)
            for (String account : accountNumbers) {
                long balance = balances.get(account);
                total += balance;
                long limit = largestLimit.getOrDefault(account, 0L);
                if (balance < -limit) {
                    failures.add("balance " + account + " = " + balance + " below minus the largest limit it was sent, "
                            + limit);
                }
                long sum = 0;
                for (var entry : ledgers.get(account)) {
                    String type = entry.get("entry_type").toString();
                    long amount = ((Number) entry.get("amount_cents")).longValue();
                    switch (type) {
                        case "DEPOSIT" -> {
                            sum += amount;
                            ledgerDeposits += amount;
                        }
                        case "WITHDRAWAL" -> {
                            sum -= amount;
                            ledgerWithdrawals += amount;
                        }
                        case "TRANSFER_OUT", "REVERSAL_OUT" -> sum -= amount;
                        case "TRANSFER_IN", "TRANSFER_REFUND", "REVERSAL_IN" -> sum += amount;
                        default -> failures.add("unknown entry type " + type);
                    }
                    Object correlation = entry.get("correlation_id");
                    if (correlation != null && type.startsWith("REVERSAL_")) {
                        long[] legs = reversalLegs.computeIfAbsent(correlation.toString(), k -> new long[2]);
                        legs[type.equals("REVERSAL_OUT") ? 0 : 1] += amount;
                    } else if (correlation != null) {
                        long[] legs = transferLegs.computeIfAbsent(correlation.toString(), k -> new long[3]);
                        switch (type) {
                            case "TRANSFER_OUT" -> legs[0] += amount;
                            case "TRANSFER_IN" -> legs[1] += amount;
                            case "TRANSFER_REFUND" -> legs[2] += amount;
                            default -> failures.add("correlation id on a " + type + " entry");
                        }
                    }
                }
                if (sum != balance) {
                    failures.add("account " + account + ": balance " + balance + " but ledger sums to " + sum);
                }
            }
            long initialTotal = initial.values().stream().mapToLong(Long::longValue).sum();
            // The initial balances are DEPOSIT entries too.
            long stormDeposits = ledgerDeposits - initialTotal;
            if (total != initialTotal + stormDeposits - ledgerWithdrawals) {
                failures.add("money not conserved: total " + total + " != initial " + initialTotal + " + deposits "
                        + stormDeposits + " - withdrawals " + ledgerWithdrawals);
            }
            for (var leg : transferLegs.entrySet()) {
                long[] l = leg.getValue();
                if (l[0] != l[1] + l[2]) {
                    failures.add("transfer " + leg.getKey() + ": out " + l[0] + " but in " + l[1] + " + refund " + l[2]);
                }
            }
            for (var leg : reversalLegs.entrySet()) {
                if (leg.getValue()[0] != leg.getValue()[1]) {
                    failures.add("reversal " + leg.getKey() + ": out " + leg.getValue()[0] + " but in "
                            + leg.getValue()[1]);
                }
            }
            checkReversals(views, reversalLegs);
            long overdrawn = balances.values().stream().filter(b -> b < 0).count();
            long lowest = balances.values().stream().mapToLong(Long::longValue).min().orElse(0);
            System.out.printf(
                    Locale.ROOT,
                    "concurrency: %d of %d accounts below zero at the end (lowest %d); %d limit changes sent%n",
                    overdrawn,
                    accountNumbers.size(),
                    lowest,
                    outcomes.stream().filter(o -> o.op.kind() == Operation.Kind.LIMIT).count());
            List<String> unsettled = ids.stream().filter(id -> !settled(views.get(id))).sorted().toList();
            if (!unsettled.isEmpty()) {
                failures.add(unsettled.size() + " transfers not settled after " + settleTimeout.toSeconds() + " s: "
                        + unsettled.stream().limit(5).map(id -> id + "=" + states.get(id)).toList());
            }
            Expected expected = Expected.from(initial, outcomes, states, views);
            expected.check(balances, stormDeposits, ledgerWithdrawals, transferLegs);
            expected.checkLegs(transferLegs, views);
            checkReservations(accountViews, open, views, expected);
            Map<String, Long> byState = new TreeMap<>();
            for (String state : states.values()) {
                byState.merge(state, 1L, Long::sum);
            }
            System.out.printf(
                    Locale.ROOT,
                    "concurrency: checked %d accounts, total %d = initial %d + deposits %d - withdrawals %d;"
                            + " transfers by state %s (settled %d ms after the storm), %d reservations posted (%d in"
                            + " part); reserved %d in %d open reservations; every balance as the answers said%s%n",
                    accountNumbers.size(), total, initialTotal, stormDeposits, ledgerWithdrawals, byState, settleMs,
                    expected.posted, expected.partlyPosted,
                    accountViews.values().stream()
                            .mapToLong(v -> ((Number) v.get("reserved_cents")).longValue())
                            .sum(),
                    open.values().stream().mapToInt(List::size).sum(),
                    expected.unresolved.isEmpty() ? "" : " (but " + expected.unresolved.size()
                            + " writes got no definite answer)");
        }

        /**
         * On every account: available = balance - reserved >= 0; reserved = the sum of its open
         * reservations as listed, and as the answers add up (reservations answered 201 and still
         * RESERVED); every listed one RESERVED and due later; the status as the lifecycle answers say.
         */
        /**
         * Reversals: on every transfer, reversed <= what it moved (its amount, a posted reservation's posted
         * amount), its total is the sum of its reversals, each of which has its two ledger lines of its
         * amount; and the reversals answered 200 are all there (exactly, where none went unanswered).
         */
        @SuppressWarnings("unchecked")
        void checkReversals(Map<String, Map<String, Object>> views, Map<String, long[]> reversalLegs) {
            Map<String, Long> confirmed = new HashMap<>();
            Set<String> uncertain = new HashSet<>();
            synchronized (outcomes) {
                for (Outcome o : outcomes) {
                    if (o.op.kind() != Operation.Kind.REVERSE) {
                        continue;
                    }
                    if (!o.delivery.definite()) {
                        uncertain.add(o.op.transferId());
                    } else if (o.delivery.answer().status() == 200) {
                        confirmed.merge(
                                o.op.transferId(), Long.parseLong(o.delivery.answer().field("amount_cents")), Long::sum);
                    }
                }
            }
            int reversals = 0;
            long reversedTotal = 0;
            for (var e : views.entrySet()) {
                Map<String, Object> view = e.getValue();
                long reversed = view.get("reversed_amount_cents") instanceof Number n ? n.longValue() : 0;
                long moved = view.get("posted_amount_cents") instanceof Number p
                        ? p.longValue()
                        : ((Number) view.get("amount_cents")).longValue();
                if (reversed > 0 && (!"COMPLETED".equals(view.get("status")) || reversed > moved)) {
                    failures.add("transfer " + e.getKey() + " (" + view.get("status") + ", moved " + moved
                            + ") reversed " + reversed);
                }
                long listed = 0;
                if (view.get("reversals") instanceof List<?> list) {
                    for (Object item : list) {
                        var reversal = (Map<String, Object>) item;
                        long amount = ((Number) reversal.get("amount_cents")).longValue();
                        listed += amount;
                        reversals++;
                        long[] legs = reversalLegs.getOrDefault(reversal.get("reversal_id").toString(), new long[2]);
                        if (legs[0] != amount || legs[1] != amount) {
                            failures.add("reversal " + reversal.get("reversal_id") + " of " + amount
                                    + " has ledger lines out " + legs[0] + ", in " + legs[1]);
                        }
                    }
                }
                reversedTotal += listed;
                if (listed != reversed) {
                    failures.add("transfer " + e.getKey() + ": reversed " + reversed + " but its reversals add up to "
                            + listed);
                }
                long answered = confirmed.getOrDefault(e.getKey(), 0L);
                if (uncertain.contains(e.getKey()) ? answered > reversed : answered != reversed) {
                    failures.add("transfer " + e.getKey() + ": reversals answered 200 add up to " + answered
                            + ", but it shows " + reversed + " reversed");
                }
            }
            if (reversalLegs.size() != reversals) {
                failures.add(reversalLegs.size() + " reversals in the ledgers, " + reversals + " on the transfers");
            }
            System.out.printf(Locale.ROOT, "concurrency: %d reversals moved %d back; reversed <= transferred on every"
                    + " transfer%n", reversals, reversedTotal);
        }

        void checkReservations(
                Map<String, Map<String, Object>> accountViews,
                Map<String, List<Map<String, Object>>> open,
                Map<String, Map<String, Object>> transferViews,
                Expected expected) {
            for (var e : accountViews.entrySet()) {
                String account = e.getKey();
                Map<String, Object> v = e.getValue();
                long balance = ((Number) v.get("balance_cents")).longValue();
                long available = ((Number) v.get("available_balance_cents")).longValue();
                long reserved = ((Number) v.get("reserved_cents")).longValue();
                long limit = ((Number) v.get("overdraft_limit_cents")).longValue();
                if (available != Storm.available(balance, limit, reserved) || reserved < 0 || limit < 0) {
                    failures.add("account " + account + ": available " + available + ", balance " + balance
                            + ", limit " + limit + ", reserved " + reserved
                            + " (want available = max(0, balance + limit - reserved))");
                }
                if (limit > largestLimit.getOrDefault(account, 0L)) {
                    failures.add("account " + account + ": limit " + limit + " was never sent");
                }
                List<Map<String, Object>> list = open.getOrDefault(account, List.of());
                long listed = 0;
                for (var t : list) {
                    listed += ((Number) t.get("amount_cents")).longValue();
                    if (!"RESERVED".equals(t.get("status")) || !account.equals(t.get("from_account_number"))) {
                        failures.add("reservations of " + account + " list " + t);
                    }
                    Map<String, Object> view = transferViews.get(String.valueOf(t.get("correlation_id")));
                    // a reservation whose write got no definite answer is known to no answer
                    boolean unknown = view == null && expected.touchedByUnresolved.contains(account);
                    if (!unknown && (view == null || !"RESERVED".equals(view.get("status")))) {
                        failures.add("reservations of " + account + " list " + t.get("correlation_id")
                                + ", which is " + (view == null ? "no transfer of the storm" : view.get("status")));
                    }
                }
                if (listed != reserved) {
                    failures.add("account " + account + ": reserved " + reserved + " but its " + list.size()
                            + " open reservations add up to " + listed);
                }
                long answered = expected.reserved.getOrDefault(account, 0L);
                if (answered != reserved && !expected.touchedByUnresolved.contains(account)) {
                    failures.add("account " + account + ": reserved " + reserved
                            + " but the reservations answered 201 and still RESERVED add up to " + answered);
                }
                String status = String.valueOf(v.get("status"));
                boolean closed = expected.closed.contains(account);
                if (closed && (!status.equals("CLOSED") || balance != 0 || reserved != 0)) {
                    failures.add("account " + account + " was closed (answered 200) but is " + v);
                } else if (!closed && !status.equals("ACTIVE") && !status.equals("FROZEN")) {
                    failures.add("account " + account + " was not closed but is " + v);
                }
                boolean frozenNow = status.equals("FROZEN");
                if (frozenNow != (v.get("frozen_direction") != null) || frozenNow != (v.get("freeze_reason") != null)) {
                    failures.add("account " + account + ": status and freeze disagree: " + v);
                }
                if (frozenNow && !expected.everFrozen.contains(account)) {
                    failures.add("account " + account + " is frozen, but no freeze of it succeeded: " + v);
                }
            }
        }
    }

    /** How far ahead a RESERVED transfer's expiry must be for the checks to count it as settled. */
    static final Duration RESERVED_MARGIN = Duration.ofSeconds(20);

    /** The refusals a storm may meet, with their status. */
    static final Map<String, Integer> REFUSAL_STATUS = Map.of(
            "INSUFFICIENT_FUNDS", 400,
            "ACCOUNT_FROZEN", 409,
            "ACCOUNT_CLOSED", 409,
            "ACCOUNT_NOT_EMPTY", 409,
            "TRANSFER_NOT_PENDING", 409,
            "REVERSAL_EXCEEDS_TRANSFER", 409,
            "INVALID_AMOUNT", 422);

    // ---- what the storm's answers commit it to ---------------------------------------------------

    /** A reservation the storm made: POST /transfers with pending: true, answered 201. */
    record Reservation(String id, String from, String to, long amount) {}

    /**
     * One logical write of the storm. {@code transferId} and {@code reserved}: the reservation a post or
     * void aims at and its amount; {@code amount}: for a post, the amount asked (0: none named, all).
     */
    record Operation(
            Kind kind,
            String account,
            String to,
            long amount,
            String key,
            String transferId,
            long reserved,
            String path,
            String body,
            List<Operation> items) {

        /** A write of one operation (every kind but a batch). */
        Operation(
                Kind kind,
                String account,
                String to,
                long amount,
                String key,
                String transferId,
                long reserved,
                String path,
                String body) {
            this(kind, account, to, amount, key, transferId, reserved, path, body, List.of());
        }

        enum Kind {
            DEPOSIT,
            WITHDRAWAL,
            TRANSFER,
            RESERVE,
            POST,
            VOID,
            FREEZE,
            UNFREEZE,
            CLOSE,
            LIMIT,
            REVERSE,
            BATCH
        }

        /**
         * An atomic batch ({@code POST /transfers/batch}) of transfers, each with its own key in its memo;
         * {@code account} and {@code to}: the first transfer's, {@code amount}: all of them together.
         */
        static Operation batch(List<Operation> transfers, String key) {
            String body = "{\"transfers\":["
                    + String.join(",", transfers.stream().map(Operation::body).toList()) + "]}";
            long total = transfers.stream().mapToLong(Operation::amount).sum();
            var first = transfers.get(0);
            return new Operation(
                    Kind.BATCH, first.account(), first.to(), total, key, null, 0, "/transfers/batch", body,
                    List.copyOf(transfers));
        }

        static Operation deposit(String account, long amount, String key) {
            return new Operation(Kind.DEPOSIT, account, null, amount, key, null, 0, "/accounts/" + account + "/deposit",
                    memo(Concurrency.amount(amount), "deposit", key));
        }

        static Operation withdrawal(String account, long amount, String key) {
            return new Operation(Kind.WITHDRAWAL, account, null, amount, key, null, 0,
                    "/accounts/" + account + "/withdraw", memo(Concurrency.amount(amount), "withdrawal", key));
        }

        static Operation transfer(String from, String to, long amount, String key) {
            String body = memo(Concurrency.transfer(from, to, amount), "transfer", key);
            return new Operation(Kind.TRANSFER, from, to, amount, key, null, 0, "/transfers", body);
        }

        /**
         * The storm's memo on a write: its key as metadata {@code storm_op}, so that every ledger line can be
         * traced back to the one write that made it (see {@code checkMemos}).
         */
        static String memo(String body, String description, String key) {
            return body.substring(0, body.length() - 1) + ",\"description\":\"storm " + description
                    + "\",\"metadata\":{\"storm_op\":\"" + key + "\"}}";
        }

        /** {@code timeoutSeconds} 0: none given (the default, a day). */
        static Operation reserve(String from, String to, long amount, int timeoutSeconds, String key) {
            String body = memo(Concurrency.transfer(from, to, amount), "reservation", key);
            body = body.substring(0, body.length() - 1) + ",\"pending\":true"
                    + (timeoutSeconds > 0 ? ",\"timeout_seconds\":" + timeoutSeconds : "") + "}";
            return new Operation(Kind.RESERVE, from, to, amount, key, null, 0, "/transfers", body);
        }

        /** {@code amount} 0: none named (all of it), with no body at all or an empty object. */
        static Operation post(Reservation r, long amount, boolean noBody, String key) {
            String body = amount > 0 ? Concurrency.amount(amount) : noBody ? "" : "{}";
            String path = "/transfers/" + r.id() + "/post";
            return new Operation(Kind.POST, r.from(), r.to(), amount, key, r.id(), r.amount(), path, body);
        }

        /**
         * A reversal of completed transfer {@code t}: its destination ({@code account}) gives back to its
         * source ({@code to}); {@code amount} 0: none named (all that is left); {@code reserved}: what the
         * transfer moved.
         */
        static Operation reverse(Reservation t, long amount, String key) {
            String body = amount > 0
                    ? memo(Concurrency.amount(amount), "reverse", key)
                    : "{\"description\":\"storm reverse\",\"metadata\":{\"storm_op\":\"" + key + "\"}}";
            String path = "/transfers/" + t.id() + "/reverse";
            return new Operation(Kind.REVERSE, t.to(), t.from(), amount, key, t.id(), t.amount(), path, body);
        }

        static Operation voidTransfer(Reservation r, String key) {
            String path = "/transfers/" + r.id() + "/void";
            return new Operation(Kind.VOID, r.from(), r.to(), 0, key, r.id(), r.amount(), path, "");
        }

        /** {@code direction} empty: none given (all). The reason has no colon or comma, see {@link #respelled}. */
        static Operation freeze(String account, String direction, String reason, String key) {
            String body = "{\"reason\":\"" + reason + "\""
                    + (direction.isEmpty() ? "" : ",\"direction\":\"" + direction + "\"") + "}";
            return new Operation(Kind.FREEZE, account, null, 0, key, null, 0, "/accounts/" + account + "/freeze", body);
        }

        static Operation unfreeze(String account, String key) {
            String path = "/accounts/" + account + "/unfreeze";
            return new Operation(Kind.UNFREEZE, account, null, 0, key, null, 0, path, "");
        }

        /** {@code PUT /accounts/{n}/overdraft-limit} (see {@link #postTo}: the path picks the method). */
        static Operation overdraftLimit(String account, long limit, String key) {
            String path = "/accounts/" + account + "/overdraft-limit";
            return new Operation(
                    Kind.LIMIT, account, null, limit, key, null, 0, path, "{\"overdraft_limit_cents\":" + limit + "}");
        }

        static Operation close(String account, String key) {
            return new Operation(Kind.CLOSE, account, null, 0, key, null, 0, "/accounts/" + account + "/close", "");
        }

        /** The refusals the operation may meet in the storm: frozen or closed accounts, funds, races. */
        Set<String> refusals() {
            return switch (kind) {
                case DEPOSIT, FREEZE, UNFREEZE -> Set.of("ACCOUNT_FROZEN", "ACCOUNT_CLOSED");
                case LIMIT -> Set.of("ACCOUNT_CLOSED");
                case WITHDRAWAL, TRANSFER, RESERVE -> Set.of("INSUFFICIENT_FUNDS", "ACCOUNT_FROZEN", "ACCOUNT_CLOSED");
                case POST -> amount > reserved
                        ? Set.of("INVALID_AMOUNT", "TRANSFER_NOT_PENDING")
                        : Set.of("TRANSFER_NOT_PENDING", "ACCOUNT_FROZEN", "ACCOUNT_CLOSED");
                case VOID -> Set.of("TRANSFER_NOT_PENDING");
                case CLOSE -> Set.of("ACCOUNT_NOT_EMPTY", "ACCOUNT_CLOSED");
                case REVERSE -> Set.of(
                        "REVERSAL_EXCEEDS_TRANSFER", "INSUFFICIENT_FUNDS", "ACCOUNT_FROZEN", "ACCOUNT_CLOSED");
                case BATCH -> Set.of("BATCH_REFUSED");
            };
        }

        Set<Integer> successes() {
            return switch (kind) {
                case TRANSFER -> Set.of(200, 202);
                case RESERVE -> Set.of(201);
                default -> Set.of(200);
            };
        }
    }

    /** A write and its delivery; {@code resent}: the same request sent again after its definite answer. */
    static final class Outcome {
        final Operation op;
        final Delivery delivery;
        volatile Delivery resent;

        Outcome(Operation op, Delivery delivery) {
            this.op = op;
            this.delivery = delivery;
        }

        /** The transfer the write made (a transfer, a reservation) or aimed at (a post, a void), if known. */
        String transferId() {
            return switch (op.kind()) {
                case TRANSFER, RESERVE -> delivery.definite() ? delivery.answer().field("correlation_id") : null;
                case POST, VOID -> op.transferId();
                default -> null;
            };
        }

        /**
         * Sends the answered request again under its key, maybe spelled differently (same JSON meaning):
         * the answer must be the stored one, marked as replayed, byte for byte. A transfer first answered
         * 202 answers with its state now instead: the same transfer, still marked as replayed.
         */
        void resend(Node node, boolean respell) {
            String body = respell ? respelled(op.body()) : op.body();
            resent = write(node, op.path(), body, op.key(), true);
            Retries.RESENT.incrementAndGet();
            if (!resent.definite()) {
                return;
            }
            Response first = delivery.answer();
            Response again = resent.answer();
            String what = "replay of " + first.request() + " -> " + first.status() + " (key " + op.key() + ")";
            if (!again.replayed()) {
                failures.add(what + ": sent again, not marked Idempotent-Replayed: " + again);
            }
            if (first.status() == 202) {
                if (!first.field("correlation_id").equals(again.field("correlation_id"))) {
                    failures.add(what + ": answered with another transfer: " + again);
                }
                return;
            }
            if (again.status() != first.status() || !again.body().equals(first.body())) {
                failures.add(what + ": answer differs from the first one " + first.body() + ": " + again);
            } else {
                Retries.REPLAYS_COMPARED.incrementAndGet();
            }
        }
    }

    /** The same JSON object with whitespace around every colon and comma. */
    static String respelled(String json) {
        return json.replace(":", " : ").replace(",", " , ").replace("{", "{ ").replace("}", " }");
    }

    /** The balances, deposits and withdrawals that the definite answers of the storm add up to. */
    static final class Expected {
        final Map<String, Long> balances;
        long deposits;
        long withdrawals;
        /** Transfers and reservations by id, from their answers. */
        final Map<String, Operation> transfers = new HashMap<>();
        /** The posts and voids aimed at each reservation. */
        final Map<String, List<Outcome>> ends = new HashMap<>();
        /** Per account, what the reservations answered 201 and still RESERVED hold. */
        final Map<String, Long> reserved = new HashMap<>();
        final Set<String> closed = new HashSet<>();
        final Set<String> everFrozen = new HashSet<>();
        final List<Outcome> unresolved = new ArrayList<>();
        final Set<String> touchedByUnresolved = new HashSet<>();
        final Set<String> uncertainTransfers = new HashSet<>();
        int posted;
        int partlyPosted;

        private Expected(Map<String, Long> initial) {
            this.balances = new LinkedHashMap<>(initial);
        }

        static Expected from(
                Map<String, Long> initial,
                List<Outcome> outcomes,
                Map<String, String> states,
                Map<String, Map<String, Object>> views) {
            Expected e = new Expected(initial);
            synchronized (outcomes) {
                for (Outcome o : outcomes) {
                    e.add(o, states, views);
                }
            }
            e.ends(states, views);
            return e;
        }

        private void add(Outcome o, Map<String, String> states, Map<String, Map<String, Object>> views) {
            Operation op = o.op;
            if (!o.delivery.definite()) {
                unresolved.add(o);
                touchedByUnresolved.add(op.account());
                if (op.to() != null) {
                    touchedByUnresolved.add(op.to());
                }
                for (Operation item : op.items()) {
                    touchedByUnresolved.add(item.account());
                    touchedByUnresolved.add(item.to());
                }
                if (op.transferId() != null) {
                    uncertainTransfers.add(op.transferId());
                }
                return;
            }
            Response answer = o.delivery.answer();
            boolean done = answer.status() == 200;
            switch (op.kind()) {
                case DEPOSIT -> {
                    if (done) {
                        balances.merge(op.account(), op.amount(), Long::sum);
                        deposits += op.amount();
                    }
                }
                case WITHDRAWAL -> {
                    if (done) {
                        balances.merge(op.account(), -op.amount(), Long::sum);
                        withdrawals += op.amount();
                    }
                }
                case TRANSFER -> transfer(o, answer, states);
                case BATCH -> batch(o, answer, states);
                case RESERVE -> reserve(o, answer, states, views);
                case POST, VOID -> ends.computeIfAbsent(op.transferId(), k -> new ArrayList<>()).add(o);
                case FREEZE -> {
                    if (done) {
                        everFrozen.add(op.account());
                    }
                }
                case CLOSE -> {
                    if (done) {
                        closed.add(op.account());
                    }
                }
                case UNFREEZE, LIMIT -> {}
                case REVERSE -> {
                    if (done && answer.field("amount_cents") != null) {
                        long amount = Long.parseLong(answer.field("amount_cents"));
                        balances.merge(op.account(), -amount, Long::sum);
                        balances.merge(op.to(), amount, Long::sum);
                    }
                }
            }
        }

        /**
         * An applied batch: each of its transfers COMPLETED, with its own id, and moved its amount; a
         * refused one left none of its transfers behind (nothing to add).
         */
        private void batch(Outcome o, Response answer, Map<String, String> states) {
            Operation op = o.op;
            if (answer.status() != 200) {
                return;
            }
            var ids = Storm.batchTransferIds(answer);
            if (ids.size() != op.items().size()) {
                failures.add("a batch of " + op.items().size() + " answered " + ids.size() + " transfers: " + answer);
                return;
            }
            for (int n = 0; n < ids.size(); n++) {
                Operation item = op.items().get(n);
                String id = ids.get(n);
                Operation other = transfers.put(id, item);
                if (other != null) {
                    failures.add("two writes (keys " + other.key() + " and " + item.key() + ") answered with transfer "
                            + id);
                }
                if (!"COMPLETED".equals(states.get(id))) {
                    failures.add("transfer " + id + " of an applied batch is " + states.get(id));
                    continue;
                }
                balances.merge(item.account(), -item.amount(), Long::sum);
                balances.merge(item.to(), item.amount(), Long::sum);
            }
        }

        /** A transfer moved its amount when it COMPLETED; its answer must agree with that state. */
        private void transfer(Outcome o, Response answer, Map<String, String> states) {
            Operation op = o.op;
            String id = o.transferId();
            if (id == null) {
                if (answer.status() < 400) {
                    failures.add("transfer answered without a correlation id: " + answer);
                }
                return;
            }
            Operation other = transfers.put(id, op);
            if (other != null) {
                failures.add("two writes (keys " + other.key() + " and " + op.key() + ") answered with transfer " + id);
            }
            String state = states.get(id);
            boolean agrees = switch (answer.status()) {
                case 200 -> "COMPLETED".equals(state);
                case 202 -> true;
                default -> "FAILED".equals(state);
            };
            if (!agrees) {
                failures.add("transfer " + id + " is " + state + " but was answered " + answer);
            }
            if ("COMPLETED".equals(state)) {
                balances.merge(op.account(), -op.amount(), Long::sum);
                balances.merge(op.to(), op.amount(), Long::sum);
            }
        }

        /**
         * A reservation answered 201 is a pending transfer of its amount, RESERVED in the answer; it
         * moved its posted amount if it COMPLETED, nothing otherwise. A refused one left nothing.
         */
        private void reserve(
                Outcome o, Response answer, Map<String, String> states, Map<String, Map<String, Object>> views) {
            Operation op = o.op;
            String id = o.transferId();
            if (answer.status() != 201) {
                if (id != null && !"HTTP 404".equals(states.get(id))) {
                    failures.add("refused reservation " + answer + " left transfer " + id + ": " + states.get(id));
                }
                return;
            }
            if (id == null) {
                failures.add("reservation answered without a correlation id: " + answer);
                return;
            }
            Operation other = transfers.put(id, op);
            if (other != null) {
                failures.add("two writes (keys " + other.key() + " and " + op.key() + ") answered with transfer " + id);
            }
            if (!"RESERVED".equals(answer.field("status")) || answer.field("expires_at") == null) {
                failures.add("reservation answered 201 but not RESERVED with an expiry: " + answer);
            }
            Map<String, Object> view = views.get(id);
            if (view == null) {
                failures.add("reservation " + id + " answered 201 but reads " + states.get(id));
                return;
            }
            if (!Boolean.TRUE.equals(view.get("pending"))
                    || ((Number) view.get("amount_cents")).longValue() != op.amount()
                    || !op.account().equals(view.get("from_account_number"))
                    || !op.to().equals(view.get("to_account_number"))) {
                failures.add("reservation " + id + " reads " + view + " but was asked as " + op.body());
            }
            String state = String.valueOf(view.get("status"));
            switch (state) {
                case "COMPLETED" -> {
                    long moved = view.get("posted_amount_cents") instanceof Number n ? n.longValue() : -1;
                    if (moved < 1 || moved > op.amount()) {
                        failures.add("reservation " + id + " of " + op.amount() + " COMPLETED with posted amount "
                                + view.get("posted_amount_cents"));
                        return;
                    }
                    balances.merge(op.account(), -moved, Long::sum);
                    balances.merge(op.to(), moved, Long::sum);
                    posted++;
                    if (moved < op.amount()) {
                        partlyPosted++;
                    }
                }
                case "RESERVED" -> reserved.merge(op.account(), op.amount(), Long::sum);
                case "VOIDED", "EXPIRED" -> {}
                default -> failures.add("reservation " + id + " ended " + state + ": " + view);
            }
        }

        /**
         * Exactly one of post, void and expiry ended each reservation, and the answers say which: a
         * COMPLETED one had exactly one post answered 200 (with the amount it moved) and no void; a
         * VOIDED one exactly one void and no post; an EXPIRED or RESERVED one neither. A post or void
         * refused TRANSFER_NOT_PENDING met an ended one.
         */
        private void ends(Map<String, String> states, Map<String, Map<String, Object>> views) {
            for (var e : ends.entrySet()) {
                String id = e.getKey();
                Operation reservation = transfers.get(id);
                if (reservation == null || reservation.kind() != Operation.Kind.RESERVE) {
                    failures.add("posts or voids of " + id + ", which no reservation answer named");
                    continue;
                }
                if (uncertainTransfers.contains(id)) {
                    continue;
                }
                String state = states.get(id);
                List<Outcome> posts = new ArrayList<>();
                List<Outcome> voids = new ArrayList<>();
                for (Outcome o : e.getValue()) {
                    Response answer = o.delivery.answer();
                    if (answer.status() == 200) {
                        (o.op.kind() == Operation.Kind.POST ? posts : voids).add(o);
                        String want = o.op.kind() == Operation.Kind.POST ? "COMPLETED" : "VOIDED";
                        if (!want.equals(answer.field("status"))) {
                            failures.add(o.op.kind() + " answered 200 but not " + want + ": " + answer);
                        }
                    } else if ("TRANSFER_NOT_PENDING".equals(answer.field("code")) && "RESERVED".equals(state)) {
                        failures.add("refused as not pending, but " + id + " is still RESERVED: " + answer);
                    }
                }
                boolean agrees = switch (String.valueOf(state)) {
                    case "COMPLETED" -> posts.size() == 1 && voids.isEmpty();
                    case "VOIDED" -> voids.size() == 1 && posts.isEmpty();
                    default -> posts.isEmpty() && voids.isEmpty();
                };
                if (!agrees) {
                    failures.add("reservation " + id + " is " + state + " but " + posts.size() + " posts and "
                            + voids.size() + " voids were answered 200: "
                            + e.getValue().stream().map(o -> o.delivery.answer().toString()).toList());
                }
                if (posts.size() == 1 && "COMPLETED".equals(state)) {
                    Outcome post = posts.get(0);
                    long want = post.op.amount() > 0 ? post.op.amount() : reservation.amount();
                    Object moved = views.get(id).get("posted_amount_cents");
                    if (!String.valueOf(want).equals(String.valueOf(moved))
                            || !String.valueOf(want).equals(post.delivery.answer().field("posted_amount_cents"))) {
                        failures.add("post of " + want + " on " + id + " answered " + post.delivery.answer()
                                + " and reads posted " + moved);
                    }
                }
            }
        }

        void check(
                Map<String, Long> actual,
                long ledgerDeposits,
                long ledgerWithdrawals,
                Map<String, long[]> transferLegs) {
            if (!unresolved.isEmpty()) {
                failures.add(unresolved.size() + " writes got no definite answer within " + retryDeadline.toSeconds()
                        + " s; the exact checks skip the accounts they touch: "
                        + unresolved.stream().limit(3).map(o -> o.delivery.toString()).toList());
            }
            for (var entry : actual.entrySet()) {
                long expected = balances.get(entry.getKey());
                if (entry.getValue() != expected && !touchedByUnresolved.contains(entry.getKey())) {
                    failures.add("account " + entry.getKey() + ": balance " + entry.getValue()
                            + ", but the answers add up to " + expected + " (off by " + (entry.getValue() - expected)
                            + ")");
                }
            }
            if (unresolved.isEmpty() && ledgerDeposits != deposits) {
                failures.add("deposits in the ledgers " + ledgerDeposits + ", but the answers confirm " + deposits);
            }
            if (unresolved.isEmpty() && ledgerWithdrawals != withdrawals) {
                failures.add(
                        "withdrawals in the ledgers " + ledgerWithdrawals + ", but the answers confirm " + withdrawals);
            }
            if (unresolved.isEmpty()) {
                List<String> unknown = transferLegs.keySet().stream()
                        .filter(id -> !transfers.containsKey(id))
                        .toList();
                if (!unknown.isEmpty()) {
                    failures.add(unknown.size() + " transfers in the ledgers that no answer named (run twice?): "
                            + unknown.stream().limit(5).toList());
                }
            }
        }

        /**
         * A posted reservation's ledger lines: TRANSFER_OUT on the source and TRANSFER_IN on the
         * destination, both of the posted amount, no refund; a voided, expired or open one has none.
         */
        void checkLegs(Map<String, long[]> transferLegs, Map<String, Map<String, Object>> views) {
            for (var e : transfers.entrySet()) {
                if (e.getValue().kind() != Operation.Kind.RESERVE) {
                    continue;
                }
                String id = e.getKey();
                long[] legs = transferLegs.getOrDefault(id, new long[3]);
                Map<String, Object> view = views.get(id);
                long moved = view != null
                                && "COMPLETED".equals(view.get("status"))
                                && view.get("posted_amount_cents") instanceof Number n
                        ? n.longValue()
                        : 0;
                if (legs[0] != moved || legs[1] != moved || legs[2] != 0) {
                    failures.add("reservation " + id + " (" + (view == null ? "?" : view.get("status")) + ", posted "
                            + moved + ") has ledger lines out " + legs[0] + ", in " + legs[1] + ", refund " + legs[2]);
                }
            }
        }
    }

    // ---- instances -----------------------------------------------------------------------------

    static Node node(int i) {
        return nodes.get(Math.floorMod(i, nodes.size()));
    }

    static final class Node {
        final String name;
        final String url;
        final int port;
        Process process;

        Node(String url) {
            this.name = url;
            this.url = url;
            this.port = URI.create(url).getPort();
        }

        Node(String name, int port) {
            this.name = name;
            this.url = "http://127.0.0.1:" + port;
            this.port = port;
        }

        static Node launch(String name, int port) throws IOException {
            Node node = new Node(name, port);
            node.restart();
            return node;
        }

        void restart() throws IOException {
            Path logs = Path.of("build-output", "concurrency");
            Files.createDirectories(logs);
            File log = logs.resolve(name + ".log").toFile();
            process = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                            "-Xmx768m",
                            "-jar",
                            jar,
                            "--spring.profiles.active=postgres",
                            "--spring.datasource.url=" + databaseUrl,
                            "--spring.datasource.username=" + databaseUser,
                            "--spring.datasource.password=" + databasePassword,
                            "--server.port=" + port,
                            "--bankcore.node-id=" + name,
                            "--management.endpoints.web.exposure.include=health,metrics")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log))
                    .start();
        }

        void awaitUp() throws InterruptedException {
            long deadline = System.nanoTime() + startupTimeout.toNanos();
            while (System.nanoTime() < deadline) {
                if (process != null && !process.isAlive()) {
                    throw new IllegalStateException(name + " exited with " + process.exitValue()
                            + "; see build-output/concurrency/" + name + ".log");
                }
                // Readiness is public whatever BANKCORE_AUTH is.
                if (get(this, "/actuator/health/readiness").status() == 200) {
                    return;
                }
                Thread.sleep(250);
            }
            throw new IllegalStateException(name + " not up within " + startupTimeout.toSeconds() + " s");
        }

        void kill() {
            if (process != null) {
                process.destroyForcibly(); // SIGKILL: no shutdown hook, no graceful anything
                try {
                    process.waitFor(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        void stop() {
            if (process != null) {
                process.destroy();
                try {
                    if (!process.waitFor(30, TimeUnit.SECONDS)) {
                        process.destroyForcibly();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    // ---- writes under an Idempotency-Key ------------------------------------------------------------

    /** Tells this run's keys from any other run's, should two runs share instances (--urls). */
    static final String RUN = Long.toString(new java.security.SecureRandom().nextLong() >>> 1, 36);

    static final AtomicLong NEXT_KEY = new AtomicLong();

    /** A key for one logical write: printable ASCII, unique in the run, readable in the instances' logs. */
    static String newKey(String purpose) {
        return "cc-" + RUN + "-" + purpose + "-" + NEXT_KEY.incrementAndGet();
    }

    /** Every attempt of one write under its key, the last one definite unless the deadline passed first. */
    record Delivery(String key, List<Response> attempts, boolean definite) {

        Response answer() {
            return attempts.get(attempts.size() - 1);
        }

        /** Some attempt reached an instance and got no answer: it may have run, or died with it. */
        boolean cutOff() {
            return attempts.stream().anyMatch(Response::unknownOutcome);
        }

        @Override
        public String toString() {
            return "key " + key + ": " + attempts.size() + " attempts, last " + answer();
        }
    }

    /**
     * Why the answer is not a definite one and the write must be sent again under its key, or null: a
     * cut-off (refused, reset, timed out), a key still in use by an earlier attempt, or an answer that
     * may succeed later and so is not stored (409 CONCURRENT_UPDATE or TRANSFER_ABORTED, any 503).
     */
    static String retryReason(Response r) {
        if (r.refused()) {
            return "refused";
        }
        if (r.unknownOutcome()) {
            return "no answer";
        }
        String code = r.field("code");
        if (r.status() == 503 || (r.status() == 409 && code != null && RETRYABLE_CONFLICTS.contains(code))) {
            return r.status() + " " + code;
        }
        return null;
    }

    /** A key with every scope, when the instances run with API keys on; see {@link #apiKey}. */
    static void createApiKey() {
        String mode = System.getenv().getOrDefault("BANKCORE_AUTH", "none").strip();
        String bootstrap = System.getenv("BANKCORE_BOOTSTRAP_ADMIN_KEY");
        if (mode.equals("none") || bootstrap == null || bootstrap.isBlank()) {
            System.out.println("concurrency: authentication off (BANKCORE_AUTH=" + mode + ")");
            return;
        }
        apiKey = bootstrap.strip();
        Response created = postTo(
                nodes.get(0),
                "/admin/api-keys",
                "{\"name\":\"concurrency\",\"scopes\":[\"accounts:read\",\"accounts:write\",\"transfers:write\",\"admin\"]}",
                newKey("api-key"));
        if (created.status() != 201 || !(created.json() instanceof Map<?, ?> body) || !(body.get("key") instanceof String key)) {
            throw new IllegalStateException("cannot create an API key: " + created);
        }
        apiKey = key;
        System.out.println("concurrency: authentication on (BANKCORE_AUTH=" + mode + "), every request with an API key");
    }

    static final Set<String> RETRYABLE_CONFLICTS =
            Set.of("IDEMPOTENCY_KEY_IN_USE", "CONCURRENT_UPDATE", "TRANSFER_ABORTED");

    /** Like {@link #write(Node, String, String, String)} under a fresh key: the definite answer. */
    static Response post(Node node, String path, String body) {
        return write(node, path, body, newKey("write")).answer();
    }

    static Delivery write(Node node, String path, String body, String key) {
        return write(node, path, body, key, false);
    }

    /**
     * Sends the write under its key until a definite answer, to {@code node} first, then round the
     * instances with a short back-off, for at most {@link #retryDeadline}. {@code keyUsed}: other
     * requests use the key too (before, or at the same time), so a replay or IDEMPOTENCY_KEY_IN_USE
     * is no surprise.
     */
    static Delivery write(Node node, String path, String body, String key, boolean keyUsed) {
        List<Response> attempts = new ArrayList<>();
        long deadline = System.nanoTime() + retryDeadline.toNanos();
        Node target = node;
        while (true) {
            Response r = postTo(target, path, body, key);
            checkAttempt(r, attempts, keyUsed);
            attempts.add(r);
            String reason = retryReason(r);
            if (reason == null) {
                return new Delivery(key, List.copyOf(attempts), true);
            }
            if (System.nanoTime() > deadline) {
                failures.add("no definite answer within " + retryDeadline.toSeconds() + " s under key " + key + ": "
                        + attempts.size() + " attempts, last " + r);
                return new Delivery(key, List.copyOf(attempts), false);
            }
            // A refusal at connect goes straight to the next instance; anything else waits a little.
            if (!r.refused() || attempts.size() > nodes.size()) {
                sleep(Math.min(1_000, 25L << Math.min(attempts.size(), 6)));
            }
            target = nodes.get((nodes.indexOf(target) + 1) % nodes.size());
        }
    }

    /**
     * What an attempt may answer given the attempts before it under the same key: no 5xx; a replay only
     * once an earlier attempt may have been stored (it reached an instance and got no answer); key in
     * use only while such an attempt may still run, and then as retryable; no CONCURRENT_UPDATE or
     * TRANSFER_ABORTED (the instances retry conflicts themselves).
     */
    static void checkAttempt(Response r, List<Response> before, boolean keyUsed) {
        boolean mayBeStored = keyUsed || before.stream().anyMatch(Response::unknownOutcome);
        String code = r.field("code");
        if (r.status() == 503 && kills > 0 && "OVERLOADED".equals(code) && r.json() instanceof Map<?, ?> m
                && Boolean.TRUE.equals(m.get("retryable"))) {
            // While an instance is killed and restarting, the survivor carries every client on its own
            // pool: "nothing was done, retry" is a true answer then (the money checks prove it), and
            // the attempt is sent again like any retryable one.
            overloadedDuringKills.incrementAndGet();
        } else if (r.status() >= 500) {
            failures.add("5xx: " + r);
        } else if (r.replayed() && !mayBeStored) {
            failures.add("answered as a replay, but no earlier request with the key can have been stored (before: "
                    + before.stream().map(Response::status).toList() + "): " + r);
        } else if (r.status() == 409 && "IDEMPOTENCY_KEY_IN_USE".equals(code)) {
            if (!mayBeStored) {
                failures.add("key in use, but no earlier request with it can still run (before: "
                        + before.stream().map(Response::status).toList() + "): " + r);
            }
            if (!(r.json() instanceof Map<?, ?> m && Boolean.TRUE.equals(m.get("retryable")))) {
                failures.add("IDEMPOTENCY_KEY_IN_USE without retryable: true: " + r);
            }
        } else if (r.status() == 409 && code != null && RETRYABLE_CONFLICTS.contains(code)) {
            failures.add("unexpected refusal: " + r);
        }
    }

    /** The storm's retries and replays, for the summary. */
    static final class Retries {
        static final AtomicInteger RESENT = new AtomicInteger();
        static final AtomicInteger REPLAYS_COMPARED = new AtomicInteger();

        /**
         * The storm's writes that were cut off and what their key made of them (the first execution's
         * answer replayed, or the write executed again after it died), the other retries, the replays.
         */
        static String summary(List<Outcome> outcomes) {
            int cutOff = 0;
            int replayed = 0;
            int executed = 0;
            int unresolved = 0;
            int resentOnlyRefused = 0;
            int retriedAnswers = 0;
            long longest = 0;
            Map<String, Integer> reasons = new TreeMap<>();
            synchronized (outcomes) {
                for (Outcome o : outcomes) {
                    Delivery d = o.delivery;
                    for (Delivery sent : o.resent == null ? List.of(d) : List.of(d, o.resent)) {
                        for (Response r : sent.attempts()) {
                            String reason = retryReason(r);
                            if (reason != null) {
                                reasons.merge(reason, 1, Integer::sum);
                            }
                        }
                    }
                    if (d.cutOff()) {
                        cutOff++;
                        if (!d.definite()) {
                            unresolved++;
                        } else if (d.answer().replayed()) {
                            replayed++;
                        } else {
                            executed++;
                        }
                    } else if (d.attempts().size() > 1) {
                        if (d.attempts().stream().allMatch(r -> r.refused() || r == d.answer())) {
                            resentOnlyRefused++;
                        } else {
                            retriedAnswers++;
                        }
                    }
                    longest = Math.max(longest, d.attempts().size());
                }
            }
            return String.format(
                    Locale.ROOT,
                    "cut-off requests retried with their key: %d (answers: %d replayed, %d executed on retry,"
                            + " %d without a definite answer); refused at connect and resent: %d; retried after a"
                            + " retryable answer: %d; attempts sent again, by reason %s; most attempts for one write %d;"
                            + " answered writes sent again %d, replays equal to the first answer %d",
                    cutOff,
                    replayed,
                    executed,
                    unresolved,
                    resentOnlyRefused,
                    retriedAnswers,
                    reasons,
                    longest,
                    RESENT.get(),
                    REPLAYS_COMPARED.get());
        }
    }

    // ---- HTTP and tiny JSON ----------------------------------------------------------------------

    /** An answer; {@code replayed}: it carried {@code Idempotent-Replayed: true}. */
    record Response(int status, String body, Object json, String request, boolean replayed) {

        /** Refused at connect: the request never reached the instance, so nothing happened. */
        boolean refused() {
            return status == -2;
        }

        /** Sent, but no answer (reset, timed out): whether a write took effect is unknown. */
        boolean unknownOutcome() {
            return status == -1;
        }

        String field(String name) {
            if (json instanceof Map<?, ?> map && map.get(name) != null) {
                return map.get(name).toString();
            }
            return null;
        }

        @Override
        public String toString() {
            return request + " -> " + status + (replayed ? " (replayed) " : " ")
                    + (body.length() > 300 ? body.substring(0, 300) : body);
        }
    }

    /** A write: POST, but PUT for the one route that sets a value ({@code /accounts/{n}/overdraft-limit}). */
    static Response postTo(Node node, String path, String body, String key) {
        String method = path.endsWith("/overdraft-limit") ? "PUT" : "POST";
        return send(
                node,
                HttpRequest.newBuilder(URI.create(node.url + path))
                        .header("Content-Type", "application/json")
                        .header("Idempotency-Key", key)
                        .method(method, HttpRequest.BodyPublishers.ofString(body)),
                method + " " + path + " " + body + " [" + key + "]");
    }

    static Response get(Node node, String path) {
        return send(node, HttpRequest.newBuilder(URI.create(node.url + path)).GET(), "GET " + path);
    }

    static Response send(Node node, HttpRequest.Builder builder, String description) {
        if (apiKey != null) {
            builder.header("X-API-Key", apiKey);
        }
        try {
            HttpResponse<String> response = HTTP.send(
                    builder.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            Object json = null;
            try {
                json = new Json(response.body()).value();
            } catch (RuntimeException notJson) {
                // left null; checks that need JSON will fail on it
            }
            boolean replayed = response.headers()
                    .firstValue("Idempotent-Replayed")
                    .map("true"::equalsIgnoreCase)
                    .orElse(false);
            return new Response(response.statusCode(), response.body(), json, node.name + " " + description, replayed);
        } catch (ConnectException refused) {
            return new Response(-2, "connection refused", null, node.name + " " + description, false);
        } catch (IOException e) {
            if (e.getCause() instanceof ConnectException) {
                return new Response(-2, "connection refused", null, node.name + " " + description, false);
            }
            String error = e.getClass().getSimpleName() + ": " + e.getMessage();
            return new Response(-1, error, null, node.name + " " + description, false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Response(-1, "interrupted", null, description, false);
        }
    }

    static String amount(long cents) {
        return "{\"amount_cents\":" + cents + "}";
    }

    static String transfer(String from, String to, long cents) {
        return "{\"from_account_number\":\"" + from + "\",\"to_account_number\":\"" + to + "\",\"amount_cents\":"
                + cents + "}";
    }

    static final AtomicLong NEXT_ACCOUNT = new AtomicLong();

    static String openAccount(long initialBalance) {
        return openAccount(initialBalance, 0);
    }

    static String openAccount(long initialBalance, long overdraftLimit) {
        // Unique per run and per seed: the run's start time in the high digits.
        long base = (System.currentTimeMillis() / 1000 % 100_000) * 100_000;
        String number = String.format("%011d", base + NEXT_ACCOUNT.incrementAndGet());
        Response r = post(
                nodes.get(0),
                "/accounts",
                "{\"account_number\":\"" + number + "\",\"initial_balance_cents\":" + initialBalance
                        + (overdraftLimit > 0 ? ",\"overdraft_limit_cents\":" + overdraftLimit : "") + "}");
        if (r.status() != 201) {
            throw new IllegalStateException("cannot open account: " + r);
        }
        return number;
    }

    static long balance(String account) {
        Response r = get(nodes.get(0), "/accounts/" + account + "/balance");
        if (r.status() != 200) {
            failures.add("balance of " + account + ": " + r);
            return 0;
        }
        return Long.parseLong(r.field("balance_cents"));
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> ledger(String account) {
        List<Map<String, Object>> all = new ArrayList<>();
        String next = "/accounts/" + account + "/transactions?limit=1000";
        while (next != null) {
            String path = next;
            HttpResponse<String> response;
            try {
                var request = HttpRequest.newBuilder(URI.create(nodes.get(0).url + path)).GET();
                if (apiKey != null) {
                    request.header("X-API-Key", apiKey);
                }
                response = HTTP.send(
                        request.build(),
                        HttpResponse.BodyHandlers.ofString());
            } catch (IOException | InterruptedException e) {
                failures.add("ledger of " + account + ": " + e);
                return all;
            }
            for (Object entry : (List<Object>) new Json(response.body()).value()) {
                all.add((Map<String, Object>) entry);
            }
            next = response.headers().firstValue("Link")
                    .map(link -> link.substring(link.indexOf('<') + 1, link.indexOf('>')))
                    .orElse(null);
        }
        return all;
    }

    static long metric(String name) {
        long total = 0;
        for (Node node : nodes) {
            Response r = get(node, "/actuator/metrics/" + name);
            if (r.status() == 200 && r.json() instanceof Map<?, ?> map && map.get("measurements") instanceof List<?> m
                    && !m.isEmpty() && m.get(0) instanceof Map<?, ?> first) {
                total += ((Number) first.get("value")).longValue();
            }
        }
        return total;
    }

    static void expect(String what, Response response, int status) {
        if (response.status() != status) {
            failures.add(what + ": expected " + status + ", got " + response);
        }
    }

    static void expectRefusal(String what, Response response, int status, String code) {
        if (response.status() != status || !code.equals(response.field("code"))) {
            failures.add(what + ": expected " + status + " " + code + ", got " + response);
        }
    }

    /**
     * A transfer answered 202 (its saga had not finished within the reply timeout: with Axon Server its
     * steps go out after the saga's own commit) is followed until it ends; one that completed counts as
     * answered 200, anything else stays as it was and fails the scenario's check.
     */
    static List<Response> transfersSettled(List<Response> responses) throws InterruptedException {
        var settled = new ArrayList<Response>();
        for (Response r : responses) {
            String id = r.status() == 202 ? r.field("correlation_id") : null;
            if (id == null) {
                settled.add(r);
                continue;
            }
            Response now = r;
            long deadline = System.nanoTime() + retryDeadline.toNanos();
            while ("PENDING".equals(now.field("status")) && System.nanoTime() < deadline) {
                Thread.sleep(200);
                Response polled = get(nodes.get(0), "/transfers/" + id);
                now = polled.status() == 200 ? polled : now;
            }
            settled.add("COMPLETED".equals(now.field("status"))
                    ? new Response(200, now.body(), now.json(), r.request() + " (answered 202, then polled)", false)
                    : r);
        }
        return settled;
    }

    static void expectAll(String what, List<Response> responses, int status) {
        for (Response r : responses) {
            expect(what, r, status);
        }
    }

    static void expectBalance(String what, String account, long expected) {
        long actual = balance(account);
        if (actual != expected) {
            failures.add(what + ": balance of " + account + " is " + actual + ", expected " + expected);
        }
    }

    static void expectLedgerSize(String what, String account, int expected) {
        int actual = ledger(account).size();
        if (actual != expected) {
            failures.add(what + ": ledger of " + account + " has " + actual + " entries, expected " + expected);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Just enough JSON for bankcore's answers: objects, arrays, strings, numbers, booleans, null. */
    static final class Json {
        private final String s;
        private int i;

        Json(String s) {
            this.s = s;
        }

        Object value() {
            Object v = parse();
            skip();
            if (i != s.length()) {
                throw new IllegalArgumentException("trailing input at " + i);
            }
            return v;
        }

        private Object parse() {
            skip();
            char c = s.charAt(i);
            if (c == '{') {
                Map<String, Object> map = new LinkedHashMap<>();
                i++;
                skip();
                if (s.charAt(i) == '}') {
                    i++;
                    return map;
                }
                while (true) {
                    skip();
                    String key = string();
                    skip();
                    i++; // ':'
                    map.put(key, parse());
                    skip();
                    if (s.charAt(i++) == '}') {
                        return map;
                    }
                }
            }
            if (c == '[') {
                List<Object> list = new ArrayList<>();
                i++;
                skip();
                if (s.charAt(i) == ']') {
                    i++;
                    return list;
                }
                while (true) {
                    list.add(parse());
                    skip();
                    if (s.charAt(i++) == ']') {
                        return list;
                    }
                }
            }
            if (c == '"') {
                return string();
            }
            if (s.startsWith("true", i)) {
                i += 4;
                return Boolean.TRUE;
            }
            if (s.startsWith("false", i)) {
                i += 5;
                return Boolean.FALSE;
            }
            if (s.startsWith("null", i)) {
                i += 4;
                return null;
            }
            int start = i;
            while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
                i++;
            }
            String number = s.substring(start, i);
            if (number.isEmpty()) {
                throw new IllegalArgumentException("unexpected " + c + " at " + start);
            }
            return number.contains(".") || number.contains("e") || number.contains("E")
                    ? (Object) Double.parseDouble(number)
                    : (Object) Long.parseLong(number);
        }

        private String string() {
            StringBuilder out = new StringBuilder();
            i++; // opening quote
            while (true) {
                char c = s.charAt(i++);
                if (c == '"') {
                    return out.toString();
                }
                if (c == '\\') {
                    char e = s.charAt(i++);
                    switch (e) {
                        case 'n' -> out.append('\n');
                        case 't' -> out.append('\t');
                        case 'r' -> out.append('\r');
                        case 'b' -> out.append('\b');
                        case 'f' -> out.append('\f');
                        case 'u' -> {
                            out.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                            i += 4;
                        }
                        default -> out.append(e);
                    }
                } else {
                    out.append(c);
                }
            }
        }

        private void skip() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }
    }
}
