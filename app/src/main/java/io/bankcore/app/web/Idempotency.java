package io.bankcore.app.web;

import io.bankcore.app.idempotency.Fingerprint;
import io.bankcore.app.idempotency.IdempotencyMetrics;
import io.bankcore.app.idempotency.IdempotencyStore;
import io.bankcore.app.idempotency.IdempotencyStore.Stored;
import io.bankcore.app.security.Principals;
import io.bankcore.command.WritePipeline;
import io.bankcore.domain.AccountNumber;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.ObjectMapper;

/**
 * {@code Idempotency-Key} on the write routes. A request with a key runs inside a unit of work of its
 * own, opened here with its database transaction: the key is claimed first, the request's commands run
 * nested in that unit of work (their events, read models and saga steps join the transaction), and
 * the answer is rendered and stored last, before the one commit. Key, effect and answer commit
 * together or not at all.
 *
 * <p>A later request with the key replays the stored answer; with another fingerprint it is refused
 * ({@code IDEMPOTENCY_KEY_REUSED}); while the first is running it is refused at once as retryable
 * ({@code IDEMPOTENCY_KEY_IN_USE}). A business refusal is stored too (in a transaction of its own:
 * the refused command's transaction has rolled back, and a refusal changes nothing); answers a retry
 * may change (a lost race, an overload, a time-out) are not. Conflicts are retried here, around the
 * whole unit of work, since the commit is where an append race shows.
 */
@org.springframework.stereotype.Component
class Idempotency {

    static final String HEADER = "Idempotency-Key";
    static final String REPLAYED = "Idempotent-Replayed";
    static final int MAX_KEY_LENGTH = 255;
    static final int MAX_ROUTE_LENGTH = 2000;
    static final String DESCRIPTION = "Makes the request safe to send again: 1 to 255 printable ASCII characters,"
            + " unique per request (a UUID will do). The first request with a key runs and its answer is"
            + " stored with its effect, in one transaction; the same request sent again with the key changes"
            + " nothing and gets the stored answer again (header `Idempotent-Replayed: true`). Another request"
            + " with the key: 422 `IDEMPOTENCY_KEY_REUSED`; while the first is still running: 409"
            + " `IDEMPOTENCY_KEY_IN_USE` (retryable). Answers that a retry may change (409 `CONCURRENT_UPDATE`,"
            + " 503) are not stored. Keys are kept 24 hours (`bankcore.idempotency.retention`).";

    /** A request that the key makes idempotent: how to run it, and how to answer its replays. */
    interface Write {

        /** Parses and checks the request and sends its commands; returns how to answer it. */
        Answer run();

        /**
         * The accounts the request will write, as far as they can be known before it runs (asked on the
         * request's thread): the write pipeline locks them at its batch's start, in one order with the
         * other requests'. Only a hint, never a check: an account left out is locked when it is loaded.
         */
        default List<String> accounts() {
            return List.of();
        }

        /** Translates a failure of the commit (e.g. a second stream for an account number). */
        default RuntimeException commitFailed(RuntimeException failure) {
            return failure;
        }

        /** The answer to a replay of a stored 202 (work still in progress): its state now. */
        default Optional<ResponseEntity<?>> current(Stored accepted) {
            return Optional.empty();
        }
    }

    /** How a request that ran is answered. */
    interface Answer {

        /**
         * The answer that a key stores, read in the request's unit of work once the events that its
         * commands published have been handled (a transfer's saga has run): it must not wait for
         * anything that only the commit can bring.
         */
        ResponseEntity<?> stored();

        /**
         * The answer sent, after the commit: by default the stored one. A write waits here for read
         * models that follow the commit (streaming projections) or answers with what it learnt since
         * (a transfer stored as 202 that settled meanwhile).
         */
        default ResponseEntity<?> sent(ResponseEntity<?> stored) {
            return stored;
        }

        /** An answer that, once committed, waits for something before it is sent. */
        static Answer after(Supplier<ResponseEntity<?>> stored, Runnable wait) {
            return new Answer() {
                @Override
                public ResponseEntity<?> stored() {
                    return stored.get();
                }

                @Override
                public ResponseEntity<?> sent(ResponseEntity<?> answer) {
                    wait.run();
                    return answer;
                }
            };
        }
    }

    /**
     * A write route: its method and template, the body members it fills in when absent, and the integer
     * members that count as absent when they hold their default (see {@link Fingerprint}).
     */
    record Route(String template, Map<String, Object> defaults, Map<String, Long> omitted) {

        Route(String template, Map<String, Object> defaults) {
            this(template, defaults, Map.of());
        }
    }

    private final IdempotencyStore store;
    private final TransactionManager axonTransactions;
    private final WritePipeline pipeline;
    private final RestErrorHandler errors;
    private final ObjectMapper json;
    private final IdempotencyMetrics metrics;
    private final Duration retention;
    private final Clock clock;
    /** Keys whose request runs on this instance (the database's lock covers the other instances). */
    private final Set<String> running = ConcurrentHashMap.newKeySet();

    Idempotency(
            IdempotencyStore store,
            TransactionManager axonTransactions,
            WritePipeline pipeline,
            RestErrorHandler errors,
            ObjectMapper json,
            IdempotencyMetrics metrics,
            @org.springframework.beans.factory.annotation.Value("${bankcore.idempotency.retention:24h}")
                    Duration retention) {
        this.store = store;
        this.axonTransactions = axonTransactions;
        this.pipeline = pipeline;
        this.errors = errors;
        this.json = json;
        this.metrics = metrics;
        this.retention = retention;
        this.clock = Clock.systemUTC();
    }

    /**
     * Answers the request: without a key, simply by running it; with one, as described above.
     *
     * @param pathParameters the route's parameters as sent (they are part of the fingerprint)
     */
    ResponseEntity<?> handle(
            String key,
            Route route,
            Map<String, String> pathParameters,
            byte[] body,
            String contentType,
            HttpServletRequest http,
            Write write) {
        if (key == null) {
            var answer = write.run();
            return answer.sent(answer.stored());
        }
        checkKey(key);
        String fingerprint = Fingerprint.of(
                route.template(), pathParameters, contentType, body, route.defaults(), route.omitted(), json);
        var request = new Request(Principals.client(), key, route(http), fingerprint, http, write);
        try {
            Ran ran;
            try {
                ran = pipeline.execute(write.accounts(), () -> attempt(request));
            } catch (CommitFailed commit) {
                var failed = (RuntimeException) commit.getCause();
                if (keyTaken(failed)) {
                    // Another request with this key committed first: it is the one that ran.
                    throw inUse();
                }
                var refused = request.write.commitFailed(failed);
                if (!errors.isRefusal(refused)) {
                    throw failed;
                }
                // Refused at its commit (an account number taken): stored as the key's answer.
                return pipeline.execute(write.accounts(), () -> storeRefusal(request, refused));
            }
            if (ran.answer() == null) {
                return ran.first();
            }
            metrics.executed();
            return ran.answer().sent(ran.first());
        } finally {
            if (request.running) {
                running.remove(request.lockKey());
            }
        }
    }

    /** What a keyed request's batch gave: its stored answer, and how to send it once committed (null: as it is). */
    private record Ran(ResponseEntity<?> first, Answer answer) {}

    /** The commit of a keyed request's unit of work failed: handled out of the batch that ran it. */
    private static final class CommitFailed extends RuntimeException {
        CommitFailed(RuntimeException cause) {
            super(cause.getMessage(), cause, false, false);
        }
    }

    private static final class Request {
        final String scope;
        final String key;
        final String route;
        final String fingerprint;
        final HttpServletRequest http;
        final Write write;
        /** Whether this request holds its key in {@link #running}. */
        boolean running;

        Request(String scope, String key, String route, String fingerprint, HttpServletRequest http, Write write) {
            this.scope = scope;
            this.key = key;
            this.route = route;
            this.fingerprint = fingerprint;
            this.http = http;
            this.write = write;
        }

        String lockKey() {
            return scope + '\n' + key;
        }
    }

    /** The account a route's path names, as a locking hint: none when the number is not one. */
    static List<String> account(String rawNumber) {
        try {
            return List.of(AccountNumber.of(rawNumber).value());
        } catch (RuntimeException notANumber) {
            return List.of();
        }
    }

    /** The request's method and path, as its key's row names it; a very long path is cut. */
    static String route(HttpServletRequest http) {
        String route = http.getMethod() + " " + http.getRequestURI();
        return route.length() <= MAX_ROUTE_LENGTH ? route : route.substring(0, MAX_ROUTE_LENGTH - 3) + "...";
    }

    /** 1 to 255 printable ASCII characters (space to tilde). */
    static void checkKey(String key) {
        boolean valid = !key.isEmpty() && key.length() <= MAX_KEY_LENGTH;
        for (int i = 0; valid && i < key.length(); i++) {
            char c = key.charAt(i);
            valid = c >= 0x20 && c <= 0x7e;
        }
        if (!valid) {
            throw new ApiProblem(
                    ProblemCode.INVALID_IDEMPOTENCY_KEY,
                    HEADER + " must be 1 to " + MAX_KEY_LENGTH + " printable ASCII characters.");
        }
    }

    /**
     * The request, in a batch of the write pipeline: claim the key, run the write in a unit of work of
     * its own, store its answer before that unit of work ends. A failure of that unit of work goes back
     * to {@link #handle}, out of the batch, so that a refusal found at the commit is stored in a
     * transaction that is still sound.
     */
    private Ran attempt(Request request) {
        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        try {
            unitOfWork.attachTransaction(axonTransactions);
            var answered = claim(request);
            if (answered.isPresent()) {
                unitOfWork.rollback();
                return new Ran(answered.get(), null);
            }
            Answer answer;
            try {
                answer = request.write.run();
            } catch (RuntimeException refused) {
                unitOfWork.rollback(refused);
                return new Ran(storeRefusal(request, refused), null);
            }
            var first = new ResponseEntity<?>[1];
            // After the handlers of the commands' events (registered while the commands ran), before the commit.
            unitOfWork.onPrepareCommit(u -> {
                first[0] = rendered(request, answer);
                store.insert(request.scope, request.key, stored(request, first[0]), clock.instant());
            });
            try {
                unitOfWork.commit();
            } catch (RuntimeException failed) {
                throw new CommitFailed(failed);
            }
            return new Ran(first[0], answer);
        } finally {
            if (unitOfWork.isActive()) {
                unitOfWork.rollback();
            }
        }
    }

    /** The key's primary key refused this request's row: another request with the key committed first. */
    private static boolean keyTaken(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof DuplicateKeyException
                    && String.valueOf(t.getMessage())
                            .toLowerCase(java.util.Locale.ROOT)
                            .contains("idempotency_key_pk")) {
                return true;
            }
        }
        return false;
    }

    /** Marks the key as running on this instance; false when another request here runs it. */
    private boolean holdRunning(Request request) {
        if (!request.running) {
            request.running = running.add(request.lockKey());
        }
        return request.running;
    }

    /**
     * The request's answer as bytes, so that the first answer and every replay are the same JSON. A
     * refusal found while answering (a transfer that failed: its events commit) is an answer too.
     */
    private ResponseEntity<byte[]> rendered(Request request, Answer answer) {
        ResponseEntity<?> entity;
        try {
            entity = answer.stored();
        } catch (RuntimeException refused) {
            entity = errors.refusal(refused, request.http).orElseThrow(() -> refused);
        }
        return bytes(entity);
    }

    private ResponseEntity<byte[]> bytes(ResponseEntity<?> entity) {
        var contentType =
                Optional.ofNullable(entity.getHeaders().getContentType()).orElse(MediaType.APPLICATION_JSON);
        byte[] body = entity.getBody() instanceof byte[] raw ? raw : json.writeValueAsBytes(entity.getBody());
        var builder = ResponseEntity.status(entity.getStatusCode()).contentType(contentType);
        if (entity.getHeaders().getLocation() != null) {
            builder.location(entity.getHeaders().getLocation());
        }
        return builder.body(body);
    }

    private Stored stored(Request request, ResponseEntity<?> answer) {
        var location = answer.getHeaders().getLocation();
        return new Stored(
                request.route,
                request.fingerprint,
                answer.getStatusCode().value(),
                String.valueOf(answer.getHeaders().getContentType()),
                location == null ? null : location.toString(),
                (byte[]) answer.getBody(),
                clock.instant().plus(retention));
    }

    /**
     * Stores a business refusal under the key, in a transaction of its own, and answers it; any other
     * failure is not stored and goes on to the error handler. If a request with the key answered in
     * the meantime, its answer is the key's.
     */
    private ResponseEntity<byte[]> storeRefusal(Request request, RuntimeException failure) {
        var refusal = errors.refusal(failure, request.http).orElseThrow(() -> failure);
        var answer = bytes(refusal);
        // In the batch's transaction (a pipeline's work): the refused write's own unit of work is gone.
        var answered = claim(request);
        if (answered.isPresent()) {
            return answered.get();
        }
        store.insert(request.scope, request.key, stored(request, answer), clock.instant());
        metrics.executed();
        return answer;
    }

    /**
     * Claims the key in the current transaction. A live stored answer is replayed (present); otherwise
     * the key is this request's from now on (empty), an expired row of it deleted. Another request
     * holding the key: IDEMPOTENCY_KEY_IN_USE.
     */
    private Optional<ResponseEntity<byte[]>> claim(Request request) {
        var claim = store.claim(request.scope, request.key);
        Instant now = clock.instant();
        var stored = claim.stored().filter(s -> !s.expiredAt(now));
        if (stored.isPresent()) {
            return Optional.of(replay(request, stored.get()));
        }
        if (!claim.locked() || !holdRunning(request)) {
            throw inUse();
        }
        if (claim.stored().isPresent()) {
            store.deleteExpired(request.scope, request.key, now);
        }
        return Optional.empty();
    }

    private ResponseEntity<byte[]> replay(Request request, Stored stored) {
        if (!stored.fingerprint().equals(request.fingerprint)) {
            metrics.reused();
            throw new ApiProblem(
                    ProblemCode.IDEMPOTENCY_KEY_REUSED,
                    "This " + HEADER + " was first used for another request (" + stored.route()
                            + "); a new request needs a new key.",
                    List.of(),
                    Map.of("first_used_for", stored.route()));
        }
        metrics.replayed();
        if (stored.status() == 202) {
            Optional<? extends ResponseEntity<?>> current;
            try {
                current = request.write.current(stored);
            } catch (RuntimeException settled) {
                // Settled as a refusal (a failed transfer): that refusal is its answer now.
                current = Optional.of(errors.refusal(settled, request.http).orElseThrow(() -> settled));
            }
            if (current.isPresent()) {
                var now = bytes(current.get());
                return ResponseEntity.status(now.getStatusCode())
                        .headers(now.getHeaders())
                        .header(REPLAYED, "true")
                        .body(now.getBody());
            }
        }
        var builder = ResponseEntity.status(stored.status())
                .contentType(MediaType.parseMediaType(stored.contentType()))
                .header(REPLAYED, "true");
        if (stored.location() != null) {
            builder.header(HttpHeaders.LOCATION, stored.location());
        }
        return builder.body(stored.body());
    }

    private ApiProblem inUse() {
        metrics.inUse();
        return new ApiProblem(
                ProblemCode.IDEMPOTENCY_KEY_IN_USE,
                "A request with this " + HEADER + " is still running; retry it shortly to get its answer.");
    }
}
