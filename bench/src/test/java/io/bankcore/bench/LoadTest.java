package io.bankcore.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The closed loop against {@link FakeBank}: what was sent is what is counted. */
class LoadTest {
    private FakeBank bank;

    @TempDir
    Path out;

    @BeforeEach
    void start() throws Exception {
        bank = new FakeBank();
    }

    @AfterEach
    void stop() {
        bank.close();
    }

    private Context context(String... extra) {
        String[] args = new String[extra.length + 10];
        System.arraycopy(
                new String[] {
                    "--url", bank.url(), "--clients", "4", "--accounts", "20", "--seed", "5", "--first-warmup", "0s"
                },
                0,
                args,
                0,
                10);
        System.arraycopy(extra, 0, args, 10, extra.length);
        Options o = Options.parse(args);
        return new Context(
                o,
                out,
                new Log(new PrintStream(OutputStream.nullOutputStream())),
                Psql.of(o),
                Instance.attach(bank.url()));
    }

    private static Map<String, Integer> everything() {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (String op : Options.OPERATIONS) {
            m.put(op, 1);
        }
        return m;
    }

    @Test
    void accounts_are_opened_with_the_large_balance() throws Exception {
        Context ctx = context();
        Workload w = Workload.open(ctx, 20);
        assertThat(w.numbers).hasSize(20).doesNotHaveDuplicates();
        for (String n : w.numbers) {
            assertThat(bank.balances).containsEntry(n, Workload.INITIAL_BALANCE);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void a_fixed_number_of_requests_is_counted_exactly() throws Exception {
        Context ctx = context("--requests", "300", "--warmup", "200ms");
        Workload w = Workload.open(ctx, 20);
        Map<String, Object> r = Load.run(ctx, "mixed", everything(), w);

        long ok = (Long) r.get("ok");
        long errors = (Long) r.get("errors_total");
        assertThat(ok + errors).isEqualTo(300);
        Map<String, Map<String, Long>> byStatus = (Map<String, Map<String, Long>>) r.get("errors_by_status");
        assertThat(byStatus.get("withdraw")).containsOnlyKeys("409").containsEntry("409", errors);
        long pending = byStatus.get("transfer").get("202 (pending, polled)");
        assertThat(pending).isPositive();
        assertThat(((Map<String, Object>) r.get("operations")).keySet())
                .containsExactly("balance", "deposit", "post", "reserve", "transactions", "transfer");
        Map<String, Object> lag = (Map<String, Object>) r.get("read_model_lag");
        assertThat((Map<String, Object>) lag.get("transfers_202_until_get_shows_settled"))
                .containsEntry("answered_202", pending)
                .containsEntry("unsettled_after_120s", 0L);
        assertThat((Map<String, Object>) lag.get("deposit_reply_until_balance_shows_it"))
                .containsEntry("stale_first_reads", 0L);

        Map<String, Object> summary = (Map<String, Object>) r.get("summary");
        assertThat(summary)
                .containsEntry("requests", ok)
                .containsEntry("errors", errors)
                .containsEntry("requests_per_s", r.get("throughput_per_s"))
                .containsEntry("commits_per_request", null);
        assertThat(r).doesNotContainKey("postgresql");
        Map<String, Object> cpu = (Map<String, Object>) r.get("cpu");
        assertThat(cpu).containsEntry("app_cpu_ms_per_request", null).containsKey("generator_cpu_ms_per_request");
    }

    @Test
    @SuppressWarnings("unchecked")
    void reservations_are_counted_as_201_and_left_open_for_the_posts() throws Exception {
        Context ctx = context("--requests", "100", "--warmup", "100ms");
        Workload w = Workload.open(ctx, 20);

        Map<String, Object> r = Load.run(ctx, "reserve", Map.of("reserve", 1), w);

        assertThat(r.get("ok")).isEqualTo(100L);
        assertThat(r.get("errors_total")).isEqualTo(0L);
        assertThat((Map<String, Object>) r.get("operations")).containsOnlyKeys("reserve");
        assertThat(r.get("note").toString()).contains("pending: true");
        // The warm-up's reservations are open too.
        assertThat(w.openReservations).hasSizeGreaterThanOrEqualTo(100);
        assertThat(bank.reservations).containsExactlyInAnyOrderElementsOf(w.openReservations);
    }

    @Test
    @SuppressWarnings("unchecked")
    void posts_take_reservations_prepared_before_the_window_and_post_each_once() throws Exception {
        Context ctx = context("--requests", "200", "--warmup", "100ms");
        Workload w = Workload.open(ctx, 20);

        Load.prepareReservations(ctx, w);
        int prepared = w.openReservations.size();
        assertThat(prepared).isGreaterThanOrEqualTo(400);
        Map<String, Object> r = Load.run(ctx, "post", Map.of("post", 1), w);

        assertThat(r.get("ok")).isEqualTo(200L);
        assertThat(r.get("errors_total")).isEqualTo(0L);
        assertThat(r.get("reserved_inline")).isEqualTo(0L);
        assertThat((Map<String, Object>) r.get("operations")).containsOnlyKeys("post");
        // Every post (the warm-up's too) ended a reservation of its own: none was posted twice.
        assertThat(bank.posts.get()).isEqualTo(prepared - w.openReservations.size());
        assertThat(bank.reservations).containsExactlyInAnyOrderElementsOf(w.openReservations);
    }

    @Test
    void posts_that_find_no_prepared_reservation_reserve_one_first_and_say_so() throws Exception {
        Context ctx = context("--requests", "30", "--warmup", "0s");
        Workload w = Workload.open(ctx, 20);

        Map<String, Object> r = Load.run(ctx, "post", Map.of("post", 1), w);

        assertThat(r.get("ok")).isEqualTo(30L);
        assertThat(r.get("errors_total")).isEqualTo(0L);
        assertThat(r.get("reserved_inline")).isEqualTo(30L);
    }

    @Test
    void the_first_scenario_on_an_instance_warms_up_longer_than_the_next() throws Exception {
        Context ctx = context("--requests", "20", "--warmup", "100ms", "--first-warmup", "400ms");
        Workload w = Workload.open(ctx, 20);

        Map<String, Object> first = Load.run(ctx, "deposit", Map.of("deposit", 1), w);
        Map<String, Object> second = Load.run(ctx, "deposit", Map.of("deposit", 1), w);

        assertThat(first.get("warmup_s")).isEqualTo(0.4);
        assertThat(second.get("warmup_s")).isEqualTo(0.1);
    }

    @Test
    @SuppressWarnings("unchecked")
    void a_timed_window_counts_only_after_the_warm_up() throws Exception {
        Context ctx = context("--duration", "1s", "--warmup", "300ms");
        Workload w = Workload.open(ctx, 20);
        long before = bank.requests.get();
        Map<String, Object> r = Load.run(ctx, "deposit", Map.of("deposit", 1), w);
        long sent = bank.requests.get() - before;

        long ok = (Long) r.get("ok");
        assertThat(r.get("errors_total")).isEqualTo(0L);
        assertThat(ok).isPositive().isLessThan(sent);
        assertThat((Double) r.get("measured_s")).isBetween(1.0, 1.5);
        // measured_s is rounded to 10 ms, the throughput is not computed from it
        assertThat((Double) r.get("throughput_per_s"))
                .isCloseTo(ok / (Double) r.get("measured_s"), withinPercentage(2));
        assertThat(((Map<String, Object>) r.get("latency")).get("count")).isEqualTo((int) ok);
        long timeline = ((List<Long>) r.get("timeline_per_s"))
                .stream().mapToLong(Long::longValue).sum();
        assertThat(timeline).isEqualTo(ok);
    }
}
