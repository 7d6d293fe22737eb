package io.bankcore.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DomainExceptionTest {

    private static final Money SOME_MONEY = Money.of(100, CurrencyCode.of("BRL"));

    /** Every refusal the domain can throw, and the one code it must answer with. */
    private static final Map<Class<?>, ErrorCode> EXPECTED = Map.ofEntries(
            Map.entry(InvalidMoney.class, ErrorCode.INVALID_AMOUNT),
            Map.entry(InvalidCurrency.class, ErrorCode.INVALID_CURRENCY),
            Map.entry(InvalidAccountNumber.class, ErrorCode.INVALID_ACCOUNT_NUMBER),
            Map.entry(SameAccountTransfer.class, ErrorCode.SAME_ACCOUNT),
            Map.entry(AccountNotFound.class, ErrorCode.ACCOUNT_NOT_FOUND),
            Map.entry(AccountAlreadyExists.class, ErrorCode.ACCOUNT_ALREADY_EXISTS),
            Map.entry(CurrencyMismatch.class, ErrorCode.CURRENCY_MISMATCH),
            Map.entry(InsufficientFunds.class, ErrorCode.INSUFFICIENT_FUNDS),
            Map.entry(BalanceOverflow.class, ErrorCode.BALANCE_OVERFLOW),
            Map.entry(AccountFrozen.class, ErrorCode.ACCOUNT_FROZEN),
            Map.entry(AccountClosed.class, ErrorCode.ACCOUNT_CLOSED),
            Map.entry(AccountNotEmpty.class, ErrorCode.ACCOUNT_NOT_EMPTY),
            Map.entry(TransferNotFound.class, ErrorCode.TRANSFER_NOT_FOUND),
            Map.entry(TransferNotPending.class, ErrorCode.TRANSFER_NOT_PENDING),
            Map.entry(TransferNotCompleted.class, ErrorCode.TRANSFER_NOT_COMPLETED),
            Map.entry(ReversalExceedsTransfer.class, ErrorCode.REVERSAL_EXCEEDS_TRANSFER),
            Map.entry(InvalidMetadata.class, ErrorCode.INVALID_REQUEST),
            Map.entry(TransferBatchRefused.class, ErrorCode.BATCH_REFUSED));

    /** Builds an instance through each public constructor with two different argument sets. */
    private static List<DomainException> instancesOf(Class<?> type) throws ReflectiveOperationException {
        List<DomainException> instances = new ArrayList<>();
        for (Constructor<?> constructor : type.getConstructors()) {
            for (int variant = 0; variant < 2; variant++) {
                Object[] args = new Object[constructor.getParameterCount()];
                Class<?>[] parameterTypes = constructor.getParameterTypes();
                for (int i = 0; i < args.length; i++) {
                    args[i] = sampleOf(parameterTypes[i], variant);
                }
                try {
                    instances.add((DomainException) constructor.newInstance(args));
                } catch (InvocationTargetException e) {
                    throw new AssertionError(type.getSimpleName() + " could not be built", e.getCause());
                }
            }
        }
        return instances;
    }

    private static Object sampleOf(Class<?> type, int variant) {
        if (type == String.class) {
            return variant == 0 ? "000001" : "some other detail";
        }
        if (type == AccountNumber.class) {
            return AccountNumber.of(variant == 0 ? "000001" : "123456789012");
        }
        if (type == FreezeDirection.class) {
            return variant == 0 ? FreezeDirection.ALL : FreezeDirection.DEBITS;
        }
        if (type == Money.class) {
            return variant == 0 ? SOME_MONEY : Money.zero(CurrencyCode.of("USD"));
        }
        if (type == Balance.class) {
            return variant == 0 ? Balance.of(-100, CurrencyCode.of("BRL")) : Balance.of(0, CurrencyCode.of("USD"));
        }
        if (type == long.class) {
            return variant == 0 ? 100L : 7L;
        }
        if (type == List.class) {
            // A refused batch's results: null where a transfer would have been applied.
            return variant == 0
                    ? java.util.Arrays.asList(null, new AccountNotFound("000001"))
                    : List.of(new SameAccountTransfer("some other detail"));
        }
        throw new AssertionError("no sample for constructor parameter " + type);
    }

    @Test
    void every_domain_exception_subtype_answers_with_exactly_one_error_code() throws Exception {
        Class<?>[] subtypes = DomainException.class.getPermittedSubclasses();
        Map<Class<?>, ErrorCode> actual = new HashMap<>();

        for (Class<?> subtype : subtypes) {
            List<DomainException> instances = instancesOf(subtype);
            assertThat(instances).as(subtype.getSimpleName()).isNotEmpty();
            List<ErrorCode> codes =
                    instances.stream().map(DomainException::code).distinct().toList();
            assertThat(codes).as(subtype.getSimpleName()).hasSize(1);
            actual.put(subtype, codes.get(0));
        }

        assertThat(actual).isEqualTo(EXPECTED);
    }

    @Test
    void no_two_domain_exception_subtypes_share_an_error_code() {
        Map<ErrorCode, Class<?>> byCode = new EnumMap<>(ErrorCode.class);
        EXPECTED.forEach((type, code) -> assertThat(byCode.put(code, type))
                .as("%s already used by another subtype", code)
                .isNull());
        assertThat(byCode).hasSameSizeAs(EXPECTED);
    }

    @Test
    void every_domain_exception_subtype_is_final() {
        assertThat(Arrays.asList(DomainException.class.getPermittedSubclasses()))
                .allSatisfy(type -> assertThat(Modifier.isFinal(type.getModifiers()))
                        .as(type.getSimpleName())
                        .isTrue());
    }

    @Test
    void the_detail_is_the_message_clients_see() {
        AccountNotFound notFound = new AccountNotFound("000001");

        assertThat(notFound.detail())
                .isEqualTo(notFound.getMessage())
                .isEqualTo("Account with number 000001 not found.");
        assertThat(new AccountAlreadyExists("000002").detail()).isEqualTo("Account with number 000002 already exists.");
        assertThat(new SameAccountTransfer("Cannot transfer to the same account.").detail())
                .isEqualTo("Cannot transfer to the same account.");
    }

    @Test
    void an_insufficient_funds_detail_names_the_balance_the_request_and_the_currency() {
        InsufficientFunds refusal =
                new InsufficientFunds(Money.of(100, CurrencyCode.of("BRL")), Money.of(250, CurrencyCode.of("BRL")));

        assertThat(refusal.detail())
                .startsWith("Insufficient funds")
                .contains("100")
                .contains("250")
                .contains("BRL");
    }

    @Test
    void domain_exceptions_are_unchecked() {
        assertThat(RuntimeException.class).isAssignableFrom(DomainException.class);
    }
}
