package io.bankcore.app.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.bankcore.app.idempotency.IdempotencyMetrics;
import io.bankcore.app.ops.OpsStatistics;
import io.bankcore.command.WritePipeline;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.math.BigInteger;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /admin/stats}: the operations dashboard's numbers, read fresh on every call. */
@RestController
@Tag(name = "admin")
@ConditionalOnProperty(prefix = "bankcore.admin", name = "enabled", havingValue = "true", matchIfMissing = true)
class StatsController {

    private final OpsStatistics statistics;
    private final IdempotencyMetrics keys;
    private final WritePipeline pipeline;
    private final String dashboardUrl;

    StatsController(
            OpsStatistics statistics,
            IdempotencyMetrics keys,
            WritePipeline pipeline,
            @Value("${bankcore.ops.axonserver-dashboard-url:}") String dashboardUrl) {
        this.statistics = statistics;
        this.keys = keys;
        this.pipeline = pipeline;
        this.dashboardUrl = dashboardUrl.isBlank() ? null : dashboardUrl;
    }

    @Schema(name = "StatsEventStore")
    record EventStore(
            @JsonProperty("source")
            @Schema(
                    description = "where head and events come from: DATABASE (domain_event_entry) or AXON_SERVER",
                    allowableValues = {"DATABASE", "AXON_SERVER"})
            String source,

            @JsonProperty("available")
            @Schema(description = "false when the event store could not be read: head and events are then null")
            boolean available,

            @JsonProperty("detail") @Schema(nullable = true, description = "why the event store could not be read")
            String detail,

            @JsonProperty("dashboard_url")
            @Schema(nullable = true, description = "Axon Server's own dashboard, under the axonserver profile")
            String dashboardUrl) {}

    @Schema(name = "StatsHead")
    record Head(
            @JsonProperty("global_index") long globalIndex,

            @JsonProperty("timestamp")
            @Schema(nullable = true, description = "when the newest event was appended; null from Axon Server")
            String timestamp) {}

    @Schema(name = "StatsEvents")
    record Events(
            @JsonProperty("window_seconds") long windowSeconds,

            @JsonProperty("in_window") @Schema(description = "events appended within the last window_seconds")
            long inWindow,

            @JsonProperty("per_second") double perSecond) {}

    @Schema(name = "StatsMoney")
    record Money(
            @JsonProperty("accounts") long accounts,

            @JsonProperty("balance_cents") @Schema(description = "the sum of the balances in this currency")
            BigInteger balanceCents) {}

    @Schema(name = "StatsReserved")
    record Reserved(
            @JsonProperty("reservations")
            @Schema(description = "open reservations (transfers RESERVED) in this currency")
            long reservations,

            @JsonProperty("reserved_cents") @Schema(description = "the amount they hold")
            BigInteger reservedCents) {}

    @Schema(name = "Stats")
    record Stats(
            @JsonProperty("read_at") String readAt,

            @JsonProperty("head") @Schema(nullable = true, description = "the newest event; null while there is none")
            Head head,

            @JsonProperty("events") @Schema(nullable = true, description = "null when the event store is unavailable")
            Events events,

            @JsonProperty("transfers")
            @Schema(
                    description = "transfers by status: pending, completed, failed, reserved, voided, expired (each"
                            + " present, 0 when none)")
            Map<String, Long> transfers,

            @JsonProperty("sagas_in_flight") @Schema(description = "transfer sagas not yet ended (saga_entry rows)")
            long sagasInFlight,

            @JsonProperty("accounts") long accounts,
            @JsonProperty("money_per_currency") Map<String, Money> moneyPerCurrency,
            @JsonProperty("idempotency") Idempotency idempotency,

            @JsonProperty("frozen_accounts") @Schema(description = "accounts frozen (in any direction)")
            long frozenAccounts,

            @JsonProperty("closed_accounts") long closedAccounts,

            @JsonProperty("open_reservations")
            @Schema(description = "pending transfers reserved and not yet posted, voided or expired")
            long openReservations,

            @JsonProperty("reserved_per_currency")
            @Schema(description = "the open reservations per currency; a currency without any is absent")
            Map<String, Reserved> reservedPerCurrency,

            @JsonProperty("event_store") EventStore eventStore,

            @JsonProperty("write_pipeline") WritePipelineStats writePipeline) {}

    @Schema(name = "StatsWritePipeline", description = "group commit on this instance, since it started")
    record WritePipelineStats(
            @JsonProperty("enabled") @Schema(description = "false under the axonserver profile")
            boolean enabled,

            @JsonProperty("writers") int writers,
            @JsonProperty("max_batch") int maxBatch,

            @JsonProperty("queue_depth") @Schema(description = "writes waiting for a writer now")
            int queueDepth,

            @JsonProperty("queue_capacity") int queueCapacity,

            @JsonProperty("batches_committed") @Schema(description = "batches committed (one transaction each)")
            long batchesCommitted,

            @JsonProperty("batches_failed") @Schema(description = "batches rolled back and run again")
            long batchesFailed,

            @JsonProperty("requests_committed") long requestsCommitted,

            @JsonProperty("batch_retries") @Schema(description = "failed batches run again in halves")
            long batchRetries,

            @JsonProperty("overloaded") @Schema(description = "writes refused 503 OVERLOADED: the queue was full")
            long overloaded,

            @JsonProperty("largest_batch") int largestBatch,

            @JsonProperty("batch_sizes")
            @Schema(description = "committed batches by requests: 1, 2-3, 4-7, 8-15, 16-31, 32-63, 64+")
            Map<String, Long> batchSizes) {}

    private static final String[] BATCH_SIZE_BUCKETS = {"1", "2-3", "4-7", "8-15", "16-31", "32-63", "64+"};

    private WritePipelineStats writePipeline() {
        var p = pipeline.snapshot();
        var sizes = new LinkedHashMap<String, Long>();
        for (int i = 0; i < BATCH_SIZE_BUCKETS.length; i++) {
            sizes.put(BATCH_SIZE_BUCKETS[i], p.batchSizes()[i]);
        }
        return new WritePipelineStats(
                p.enabled(),
                p.writers(),
                p.maxBatch(),
                p.queueDepth(),
                p.queueCapacity(),
                p.batchesCommitted(),
                p.batchesFailed(),
                p.requestsCommitted(),
                p.batchRetries(),
                p.overloaded(),
                p.largestBatch(),
                sizes);
    }

    @Schema(name = "StatsIdempotency")
    record Idempotency(
            @JsonProperty("keys_stored")
            @Schema(
                    description =
                            "keys in the database: counted by the last purge (each minute), plus those stored since")
            long keysStored,

            @JsonProperty("executed") @Schema(description = "requests with a key that ran, on this instance")
            long executed,

            @JsonProperty("replayed") @Schema(description = "requests answered with a stored answer, on this instance")
            long replayed,

            @JsonProperty("reused") @Schema(description = "keys refused as used for another request, on this instance")
            long reused,

            @JsonProperty("in_use") @Schema(description = "keys refused as still running, on this instance")
            long inUse) {}

    @GetMapping(AdminController.PREFIX + "/stats")
    @Operation(
            summary = "Operational numbers: event store head and rate, transfers, reservations, sagas, accounts, money,"
                    + " idempotency keys, the write pipeline",
            description = "Read from the event store and the read tables on every call (a few index lookups and"
                    + " small aggregates). The rate counts the events appended in the last 60 s, by their"
                    + " timestamps. Under the axonserver profile head and rate come from Axon Server (two"
                    + " calls; no head timestamp), and are null with event_store.available=false while it"
                    + " cannot be reached.")
    Stats stats() {
        OpsStatistics.Snapshot snapshot = statistics.read();
        var transfers = new LinkedHashMap<String, Long>();
        snapshot.transfersByStatus().forEach((status, count) -> transfers.put(status.toLowerCase(Locale.ROOT), count));
        var money = new LinkedHashMap<String, Money>();
        snapshot.moneyPerCurrency()
                .forEach((currency, m) -> money.put(currency, new Money(m.accounts(), m.balanceMinor())));
        var reserved = new LinkedHashMap<String, Reserved>();
        snapshot.reservedPerCurrency()
                .forEach((currency, r) -> reserved.put(currency, new Reserved(r.reservations(), r.reservedMinor())));
        var head = snapshot.head() == null
                ? null
                : new Head(snapshot.head().globalIndex(), iso(snapshot.head().timestamp()));
        var rate = snapshot.rate();
        var source = snapshot.eventSource();
        return new Stats(
                iso(snapshot.readAt()),
                head,
                rate == null ? null : new Events(rate.window().toSeconds(), rate.events(), rate.perSecond()),
                transfers,
                snapshot.sagasInFlight(),
                snapshot.accounts(),
                money,
                idempotency(keys.snapshot()),
                snapshot.frozenAccounts(),
                snapshot.closedAccounts(),
                snapshot.openReservations(),
                reserved,
                new EventStore(
                        source.name(),
                        source.available(),
                        source.detail(),
                        OpsStatistics.AXON_SERVER.equals(source.name()) ? dashboardUrl : null),
                writePipeline());
    }

    private static Idempotency idempotency(IdempotencyMetrics.Snapshot keys) {
        return new Idempotency(keys.keysStored(), keys.executed(), keys.replayed(), keys.reused(), keys.inUse());
    }

    private static String iso(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
