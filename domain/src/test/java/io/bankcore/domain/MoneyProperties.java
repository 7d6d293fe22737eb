package io.bankcore.domain;

import static io.bankcore.domain.Generators.amount;
import static io.bankcore.domain.PropertyCheck.forAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class MoneyProperties {

    private static final CurrencyCode BRL = CurrencyCode.of("BRL");
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    record Pair(long a, long b) {}

    record Triple(long a, long b, long c) {}

    record Mixed(long a, CurrencyCode first, long b, CurrencyCode second) {}

    private static final PropertyCheck.Generator<Pair> PAIRS = random -> new Pair(amount(random), amount(random));

    private static Money brl(long amountMinor) {
        return Money.of(amountMinor, BRL);
    }

    /** The result, or the type of refusal, so that two computations can be compared outcome to outcome. */
    private static Object outcomeOf(Supplier<Money> computation) {
        try {
            return computation.get();
        } catch (DomainException refusal) {
            return refusal.getClass();
        }
    }

    private static String label(Object outcome) {
        return outcome instanceof Money ? "exact" : ((Class<?>) outcome).getSimpleName();
    }

    @Test
    void plus_is_commutative() {
        Map<String, Integer> outcomes = forAll("plus is commutative", PAIRS, pair -> {
            Object ab = outcomeOf(() -> brl(pair.a()).plus(brl(pair.b())));
            assertThat(ab).isEqualTo(outcomeOf(() -> brl(pair.b()).plus(brl(pair.a()))));
            return label(ab);
        });

        assertThat(outcomes).containsKeys("exact", "BalanceOverflow");
    }

    @Test
    void plus_is_associative() {
        Map<String, Integer> outcomes = forAll(
                "plus is associative", random -> new Triple(amount(random), amount(random), amount(random)), t -> {
                    Object left = outcomeOf(() -> brl(t.a()).plus(brl(t.b())).plus(brl(t.c())));
                    assertThat(left)
                            .isEqualTo(outcomeOf(
                                    () -> brl(t.a()).plus(brl(t.b()).plus(brl(t.c())))));
                    return label(left);
                });

        assertThat(outcomes).containsKeys("exact", "BalanceOverflow");
    }

    @Test
    void plus_gives_the_exact_sum_or_a_balance_overflow_and_never_wraps() {
        Map<String, Integer> outcomes = forAll("plus never wraps", PAIRS, pair -> {
            long a = pair.a();
            long b = pair.b();
            BigInteger exact = BigInteger.valueOf(a).add(BigInteger.valueOf(b));
            if (exact.compareTo(LONG_MAX) <= 0) {
                Money sum = brl(a).plus(brl(b));
                assertThat(sum.amountMinor()).isEqualTo(exact.longValueExact()).isEqualTo(Math.addExact(a, b));
                assertThat(sum.currency()).isEqualTo(BRL);
                return "fits";
            }
            assertThatThrownBy(() -> Math.addExact(a, b)).isInstanceOf(ArithmeticException.class);
            assertThatThrownBy(() -> brl(a).plus(brl(b))).isInstanceOf(BalanceOverflow.class);
            return "overflows";
        });

        assertThat(outcomes.get("fits")).isGreaterThan(PropertyCheck.TRIES / 10);
        assertThat(outcomes.get("overflows")).isGreaterThan(PropertyCheck.TRIES / 10);
    }

    @Test
    void minus_undoes_plus() {
        Map<String, Integer> outcomes = forAll("minus undoes plus", PAIRS, pair -> {
            Object sum = outcomeOf(() -> brl(pair.a()).plus(brl(pair.b())));
            if (sum instanceof Money total) {
                assertThat(total.minus(brl(pair.b()))).isEqualTo(brl(pair.a()));
                assertThat(total.minus(brl(pair.a()))).isEqualTo(brl(pair.b()));
            } else {
                assertThat(sum).isEqualTo(BalanceOverflow.class);
            }
            return label(sum);
        });

        assertThat(outcomes).containsKey("exact");
    }

    @Test
    void plus_undoes_minus() {
        forAll("plus undoes minus", PAIRS, pair -> {
            long larger = Math.max(pair.a(), pair.b());
            long smaller = Math.min(pair.a(), pair.b());
            assertThat(brl(larger).minus(brl(smaller)).plus(brl(smaller))).isEqualTo(brl(larger));
            return "checked";
        });
    }

    @Test
    void minus_gives_the_exact_difference_or_insufficient_funds_and_never_goes_negative() {
        Map<String, Integer> outcomes = forAll("minus never goes negative", PAIRS, pair -> {
            long a = pair.a();
            long b = pair.b();
            if (a >= b) {
                Money difference = brl(a).minus(brl(b));
                assertThat(difference.amountMinor())
                        .isEqualTo(BigInteger.valueOf(a)
                                .subtract(BigInteger.valueOf(b))
                                .longValueExact())
                        .isNotNegative();
                return "enough funds";
            }
            assertThatThrownBy(() -> brl(a).minus(brl(b))).isInstanceOf(InsufficientFunds.class);
            return "insufficient funds";
        });

        assertThat(outcomes.get("enough funds")).isGreaterThan(PropertyCheck.TRIES / 10);
        assertThat(outcomes.get("insufficient funds")).isGreaterThan(PropertyCheck.TRIES / 10);
    }

    @Test
    void zero_changes_nothing() {
        forAll("zero changes nothing", random -> Money.of(amount(random), Generators.currency(random)), money -> {
            Money zero = Money.zero(money.currency());
            assertThat(money.plus(zero)).isEqualTo(money);
            assertThat(zero.plus(money)).isEqualTo(money);
            assertThat(money.minus(zero)).isEqualTo(money);
            assertThat(money.minus(money).isZero()).isTrue();
            return "checked";
        });
    }

    @Test
    void different_currencies_never_mix_whatever_the_amounts() {
        Map<String, Integer> outcomes = forAll(
                "different currencies never mix",
                random -> new Mixed(
                        amount(random), Generators.currency(random), amount(random), Generators.currency(random)),
                m -> {
                    Money left = Money.of(m.a(), m.first());
                    Money right = Money.of(m.b(), m.second());
                    if (m.first().equals(m.second())) {
                        assertThat(outcomeOf(() -> left.plus(right))).isNotEqualTo(CurrencyMismatch.class);
                        assertThat(outcomeOf(() -> left.minus(right))).isNotEqualTo(CurrencyMismatch.class);
                        return "same currency";
                    }
                    assertThatThrownBy(() -> left.plus(right))
                            .isInstanceOf(CurrencyMismatch.class)
                            .hasMessageStartingWith("Money currency mismatch");
                    assertThatThrownBy(() -> left.minus(right)).isInstanceOf(CurrencyMismatch.class);
                    assertThatThrownBy(() -> left.isLessThan(right)).isInstanceOf(CurrencyMismatch.class);
                    return "different currencies";
                });

        assertThat(outcomes).containsKeys("same currency", "different currencies");
    }

    @Test
    void positive_accepts_exactly_the_amounts_above_zero() {
        Map<String, Integer> outcomes =
                forAll("positive accepts exactly the amounts above zero", Generators::anyLong, n -> {
                    if (n > 0) {
                        assertThat(Money.positive(n, BRL).amountMinor()).isEqualTo(n);
                        return "positive";
                    }
                    assertThatThrownBy(() -> Money.positive(n, BRL)).isInstanceOf(InvalidMoney.class);
                    return n == 0 ? "zero" : "negative";
                });

        assertThat(outcomes).containsKeys("positive", "zero", "negative");
    }

    @Test
    void no_money_is_ever_negative() {
        Map<String, Integer> outcomes = forAll("no money is ever negative", Generators::anyLong, n -> {
            if (n >= 0) {
                assertThat(Money.of(n, BRL).amountMinor()).isEqualTo(n);
                return "accepted";
            }
            assertThatThrownBy(() -> Money.of(n, BRL)).isInstanceOf(InvalidMoney.class);
            return "refused";
        });

        assertThat(outcomes).containsKeys("accepted", "refused");
    }
}
