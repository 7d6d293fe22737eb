package io.bankcore.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

class ErrorCodeTest {

    @Test
    void only_a_concurrent_update_is_worth_retrying_unchanged() {
        List<ErrorCode> retryable =
                Arrays.stream(ErrorCode.values()).filter(ErrorCode::retryable).toList();

        assertThat(retryable).containsExactly(ErrorCode.CONCURRENT_UPDATE);
    }

    @Test
    void business_refusals_are_not_retryable() {
        assertThat(List.of(
                        ErrorCode.INSUFFICIENT_FUNDS,
                        ErrorCode.CURRENCY_MISMATCH,
                        ErrorCode.ACCOUNT_NOT_FOUND,
                        ErrorCode.ACCOUNT_ALREADY_EXISTS,
                        ErrorCode.BALANCE_OVERFLOW))
                .noneMatch(ErrorCode::retryable);
    }

    @Test
    void codes_are_declared_in_the_order_the_contract_checks_them() {
        // CONTRACT.md "Errors": the first failing check answers, in this order.
        List<ErrorCode> contractOrder = List.of(
                ErrorCode.INVALID_AMOUNT,
                ErrorCode.INVALID_ACCOUNT_NUMBER,
                ErrorCode.SAME_ACCOUNT,
                ErrorCode.ACCOUNT_NOT_FOUND,
                ErrorCode.ACCOUNT_ALREADY_EXISTS,
                ErrorCode.CURRENCY_MISMATCH,
                ErrorCode.INSUFFICIENT_FUNDS,
                ErrorCode.CONCURRENT_UPDATE);

        assertThat(contractOrder).isSortedAccordingTo(Comparator.naturalOrder());
    }

    @Test
    void malformed_input_codes_precede_every_state_dependent_code() {
        List<ErrorCode> malformedInput =
                List.of(ErrorCode.INVALID_REQUEST, ErrorCode.INVALID_AMOUNT, ErrorCode.INVALID_CURRENCY);
        List<ErrorCode> stateDependent = List.of(
                ErrorCode.ACCOUNT_NOT_FOUND,
                ErrorCode.ACCOUNT_ALREADY_EXISTS,
                ErrorCode.CURRENCY_MISMATCH,
                ErrorCode.INSUFFICIENT_FUNDS,
                ErrorCode.BALANCE_OVERFLOW,
                ErrorCode.CONCURRENT_UPDATE);

        for (ErrorCode input : malformedInput) {
            assertThat(stateDependent)
                    .allSatisfy(state -> assertThat(input.compareTo(state)).isNegative());
        }
    }
}
