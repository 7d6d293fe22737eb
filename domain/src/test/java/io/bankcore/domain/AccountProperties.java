package io.bankcore.domain;

import static io.bankcore.domain.PropertyCheck.forAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Random sequences of deposits and withdrawals, checked step by step against a reference model that
 * computes with {@link BigInteger}, so it cannot overflow the way the code under test could.
 */
class AccountProperties {

    private static final CurrencyCode BRL = CurrencyCode.of("BRL");
    private static final CurrencyCode USD = CurrencyCode.of("USD");
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);
    private static final AccountId ID = AccountId.of("f6b3b5e6-1f22-4b65-9b4a-0c5c2c9e3d34");
    private static final AccountNumber NUMBER = AccountNumber.of("000001");

    record Operation(EntryType type, long amountMinor, CurrencyCode currency) {

        Account applyTo(Account account) {
            Money amount = Money.of(amountMinor, currency);
            return type == EntryType.DEPOSIT ? account.deposit(amount) : account.withdraw(amount);
        }
    }

    record Scenario(long initialMinor, List<Operation> operations) {}

    /** Mostly small amounts, so withdrawals sometimes fit and sometimes do not, and a few huge ones. */
    private static long amount(SplittableRandom random) {
        int bucket = random.nextInt(12);
        if (bucket < 10) {
            return 1 + random.nextLong(10_000);
        }
        return bucket == 10 ? 0 : Long.MAX_VALUE - random.nextLong(20_001);
    }

    private static Scenario scenario(SplittableRandom random) {
        long initial = amount(random);
        int size = random.nextInt(1, 61);
        List<Operation> operations = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            EntryType type = random.nextBoolean() ? EntryType.DEPOSIT : EntryType.WITHDRAWAL;
            CurrencyCode currency = random.nextInt(20) == 0 ? USD : BRL;
            operations.add(new Operation(type, amount(random), currency));
        }
        return new Scenario(initial, List.copyOf(operations));
    }

    @Test
    void balance_is_always_the_sum_of_accepted_operations_and_never_negative() {
        Map<String, Integer> outcomes = forAll(
                "balance is the sum of accepted operations", AccountProperties::scenario, AccountProperties::replay);

        // Each scenario is labelled with the refusals it met: every kind of refusal must have been reached.
        assertThat(String.join(" ", outcomes.keySet()))
                .contains(
                        InsufficientFunds.class.getSimpleName(),
                        BalanceOverflow.class.getSimpleName(),
                        InvalidMoney.class.getSimpleName(),
                        CurrencyMismatch.class.getSimpleName());
    }

    private static String replay(Scenario scenario) {
        Account account = Account.open(ID, NUMBER, Money.of(scenario.initialMinor(), BRL));
        BigInteger expected = BigInteger.valueOf(scenario.initialMinor());
        List<Operation> accepted = new ArrayList<>();
        Set<String> refusals = new TreeSet<>();

        for (Operation operation : scenario.operations()) {
            Class<? extends DomainException> refusal = expectedRefusal(operation, expected);

            if (refusal == null) {
                account = operation.applyTo(account);
                accepted.add(operation);
                expected = expected.add(BigInteger.valueOf(operation.type().signedAmount(operation.amountMinor())));
            } else {
                refusals.add(refusal.getSimpleName());
                Account before = account;
                assertThatThrownBy(() -> operation.applyTo(before)).isInstanceOf(refusal);
                assertThat(account).isEqualTo(before);
            }

            assertThat(account.balance().amountMinor()).isNotNegative();
            assertThat(BigInteger.valueOf(account.balance().amountMinor())).isEqualTo(expected);
            assertThat(account.currency()).isEqualTo(BRL);
            assertThat(account.id()).isEqualTo(ID);
            assertThat(account.number()).isEqualTo(NUMBER);
        }

        BigInteger ledgerSum = BigInteger.valueOf(scenario.initialMinor());
        for (Operation operation : accepted) {
            ledgerSum = ledgerSum.add(BigInteger.valueOf(operation.type().signedAmount(operation.amountMinor())));
        }
        assertThat(BigInteger.valueOf(account.balance().amountMinor())).isEqualTo(ledgerSum);
        return refusals.isEmpty() ? "all accepted" : String.join("+", refusals);
    }

    /** The reference model's verdict, in the contract's order of precedence; null when accepted. */
    private static Class<? extends DomainException> expectedRefusal(Operation operation, BigInteger balance) {
        BigInteger amount = BigInteger.valueOf(operation.amountMinor());
        if (operation.amountMinor() == 0) {
            return InvalidMoney.class;
        }
        if (!operation.currency().equals(BRL)) {
            return CurrencyMismatch.class;
        }
        if (operation.type() == EntryType.DEPOSIT) {
            return balance.add(amount).compareTo(LONG_MAX) > 0 ? BalanceOverflow.class : null;
        }
        return amount.compareTo(balance) > 0 ? InsufficientFunds.class : null;
    }
}
