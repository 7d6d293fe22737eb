package io.bankcore.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The accounts the load runs on, a Zipf choice among them (rank 1 the hottest), and the pending
 * transfers left open by the load, which the post scenario ends.
 */
final class Workload {
    static final String CURRENCY = "BRL";
    static final long INITIAL_BALANCE = 1_000_000_000_000L;
    /** A pending transfer's lifetime: long enough that none expires during a run. */
    static final long RESERVATION_TIMEOUT_S = 86_400;

    final String[] numbers;
    /** Ids of reservations answered 201 and not yet posted, oldest first. */
    final ConcurrentLinkedQueue<String> openReservations = new ConcurrentLinkedQueue<>();

    private final double[] cdf;

    Workload(String[] numbers, double s) {
        this.numbers = numbers;
        this.cdf = new double[numbers.length];
        double sum = 0;
        for (int k = 0; k < numbers.length; k++) {
            sum += s == 0 ? 1 : 1 / Math.pow(k + 1, s);
            cdf[k] = sum;
        }
        for (int k = 0; k < cdf.length; k++) {
            cdf[k] /= sum;
        }
    }

    int pick(Random random) {
        int i = Arrays.binarySearch(cdf, random.nextDouble());
        return Math.min(i < 0 ? -i - 1 : i, numbers.length - 1);
    }

    String account(Random random) {
        return numbers[pick(random)];
    }

    /** Two different accounts, both by the Zipf choice. */
    String[] pair(Random random) {
        int a = pick(random);
        int b = pick(random);
        while (b == a) {
            b = pick(random);
        }
        return new String[] {numbers[a], numbers[b]};
    }

    /** Opens {@code count} accounts, in parallel, each with a large balance (withdrawals and transfers never run dry). */
    static Workload open(Context ctx, int count) throws Exception {
        long base = (System.currentTimeMillis() / 1000 % 1_000_000) * 100_000;
        String[] numbers = new String[count];
        for (int k = 0; k < count; k++) {
            numbers[k] = String.format("%012d", base + k + 1);
        }
        long started = System.nanoTime();
        AtomicInteger next = new AtomicInteger();
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        Load.parallel(Math.min(ctx.options.clients, 16), worker -> {
            try (Http http = ctx.instance.connect()) {
                for (int k; (k = next.getAndIncrement()) < count; ) {
                    Http.Reply r = http.post(
                            "/accounts",
                            "{\"account_number\":\"" + numbers[k] + "\",\"initial_balance_cents\":" + INITIAL_BALANCE
                                    + ",\"currency\":\"" + CURRENCY + "\"}");
                    if (r.status() != 201) {
                        failures.add(numbers[k] + ": " + r.status() + " " + r.body());
                    }
                }
            }
        });
        if (!failures.isEmpty()) {
            throw new IllegalStateException("cannot open accounts: " + failures.get(0));
        }
        ctx.log.say("bench: opened %d accounts in %.1f s", count, (System.nanoTime() - started) / 1e9);
        return new Workload(numbers, ctx.options.zipfS);
    }
}
