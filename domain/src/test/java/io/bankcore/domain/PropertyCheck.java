package io.bankcore.domain;

import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A small seeded property runner on plain JUnit. Each property draws {@link #TRIES} inputs from a
 * {@link SplittableRandom}; the seed and the tally of outcomes are printed, and a failure names the seed
 * and the failing input, so {@code -Dproperty.seed=<seed>} replays exactly the same inputs. The seed
 * is {@link #DEFAULT_SEED} unless given, so that every build draws the same inputs; {@code
 * -Dproperty.seed=random} draws a new seed (printed) to explore.
 *
 * <p>Why not jqwik: from 1.10 on it asks, in its "Anti-AI Usage Clause", that AI coding agents not use
 * it, and this project is built with them.
 */
final class PropertyCheck {

    static final int TRIES = Integer.getInteger("property.tries", 1_000);
    static final long DEFAULT_SEED = 42L;

    private PropertyCheck() {}

    /** Draws one input from the random source; the same seed always gives the same inputs. */
    @FunctionalInterface
    interface Generator<T> {
        T next(SplittableRandom random);
    }

    /**
     * Runs {@code check} on {@link #TRIES} generated inputs. The check returns a label naming the outcome
     * (for example "accepted" or "refused"); the tally of labels comes back so that a property can
     * assert that each interesting outcome was actually reached.
     */
    static <T> Map<String, Integer> forAll(String property, Generator<T> inputs, Function<? super T, String> check) {
        long seed = seed();
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, Integer> outcomes = new TreeMap<>();
        for (int attempt = 1; attempt <= TRIES; attempt++) {
            T input = inputs.next(random);
            try {
                outcomes.merge(check.apply(input), 1, Integer::sum);
            } catch (AssertionError | RuntimeException failure) {
                throw new AssertionError(
                        property + " failed on try " + attempt + " of " + TRIES + " for input " + printable(input)
                                + "; replay with -Dproperty.seed=" + seed,
                        failure);
            }
        }
        System.out.println(property + ": " + TRIES + " tries, seed " + seed + ", outcomes " + outcomes);
        return outcomes;
    }

    private static long seed() {
        String given = System.getProperty("property.seed");
        if (given == null || given.isBlank()) {
            return DEFAULT_SEED;
        }
        return given.strip().equals("random") ? new SplittableRandom().nextLong() : Long.parseLong(given.strip());
    }

    /** The input with control and non-ASCII characters escaped, since they are the interesting ones. */
    static String printable(Object input) {
        String text = String.valueOf(input);
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                out.append(String.format("\\u%04X", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
