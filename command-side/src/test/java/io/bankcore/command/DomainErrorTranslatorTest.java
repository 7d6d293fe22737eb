package io.bankcore.command;

import static io.bankcore.command.AccountAggregateTest.ACCOUNT_ID;
import static io.bankcore.command.AccountAggregateTest.BRL;
import static io.bankcore.command.AccountAggregateTest.NUMBER;
import static io.bankcore.command.AccountAggregateTest.opened;
import static io.bankcore.command.AccountAggregateTest.state;

import io.bankcore.api.CommandFailure;
import io.bankcore.api.DepositMoneyCommand;
import io.bankcore.api.MoneyDepositedEvent;
import io.bankcore.api.OpenAccountCommand;
import io.bankcore.api.WithdrawMoneyCommand;
import java.util.stream.Stream;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The aggregate behind the same handler interceptor as in the application, so refusals arrive as data. */
class DomainErrorTranslatorTest {

    private AggregateTestFixture<AccountAggregate> fixture;

    @BeforeEach
    void createFixture() {
        fixture = new AggregateTestFixture<>(AccountAggregate.class);
        fixture.registerCommandHandlerInterceptor(new DomainErrorTranslator());
    }

    @Test
    void withdrawal_beyond_balance_surfaces_as_insufficient_funds_in_the_exception_details() {
        var detail = "Insufficient funds: balance is 100, requested 101 BRL.";
        fixture.given(opened(100))
                .when(new WithdrawMoneyCommand(NUMBER, 101, BRL))
                .expectException(CommandExecutionException.class)
                .expectExceptionDetails(new CommandFailure("INSUFFICIENT_FUNDS", detail))
                .expectExceptionMessage(detail)
                .expectNoEvents();
    }

    @Test
    void deposit_to_an_unknown_account_surfaces_as_account_not_found_naming_the_number() {
        fixture.givenNoPriorActivity()
                .when(new DepositMoneyCommand(NUMBER, 100, BRL))
                .expectException(CommandExecutionException.class)
                .expectExceptionDetails(
                        new CommandFailure("ACCOUNT_NOT_FOUND", "Account with number 000123456 not found."))
                .expectNoEvents();
    }

    @Test
    void withdrawal_from_an_unknown_account_surfaces_as_account_not_found_naming_the_number() {
        fixture.givenNoPriorActivity()
                .when(new WithdrawMoneyCommand(NUMBER, 100, BRL))
                .expectException(CommandExecutionException.class)
                .expectExceptionDetails(
                        new CommandFailure("ACCOUNT_NOT_FOUND", "Account with number 000123456 not found."))
                .expectNoEvents();
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of(
                        new DepositMoneyCommand(NUMBER, 0, BRL),
                        new CommandFailure("INVALID_AMOUNT", "amount must be greater than 0, got 0")),
                Arguments.of(
                        new WithdrawMoneyCommand(NUMBER, -5, BRL),
                        new CommandFailure("INVALID_AMOUNT", "amount must be greater than 0, got -5")),
                Arguments.of(
                        new DepositMoneyCommand(NUMBER, 1, "ABC"),
                        new CommandFailure(
                                "INVALID_CURRENCY",
                                "currency must be an ISO-4217 alphabetic code such as BRL, got \"ABC\"")),
                Arguments.of(
                        new DepositMoneyCommand(NUMBER, 1, "USD"),
                        new CommandFailure("CURRENCY_MISMATCH", "Money currency mismatch: expected BRL, got USD.")),
                Arguments.of(
                        new WithdrawMoneyCommand(NUMBER, 1, "USD"),
                        new CommandFailure("CURRENCY_MISMATCH", "Money currency mismatch: expected BRL, got USD.")),
                Arguments.of(
                        new DepositMoneyCommand(NUMBER, Long.MAX_VALUE, BRL),
                        new CommandFailure(
                                "BALANCE_OVERFLOW",
                                "Resulting balance would exceed the largest representable amount (" + Long.MAX_VALUE
                                        + " minor units).")));
    }

    @ParameterizedTest
    @MethodSource("refusals")
    void each_refusal_of_an_open_account_carries_its_error_code_and_detail(Object command, CommandFailure failure) {
        fixture.given(opened(100))
                .when(command)
                .expectException(CommandExecutionException.class)
                .expectExceptionDetails(failure)
                .expectExceptionMessage(failure.detail())
                .expectNoEvents();
    }

    @Test
    void opening_under_an_invalid_account_number_carries_its_error_code() {
        fixture.givenNoPriorActivity()
                .when(new OpenAccountCommand("12345", ACCOUNT_ID, 0, BRL))
                .expectException(CommandExecutionException.class)
                .expectExceptionDetails(new CommandFailure(
                        "INVALID_ACCOUNT_NUMBER", "AccountNumber must be between 6 and 12 digits long."))
                .expectNoEvents();
    }

    @Test
    void accepted_commands_pass_through_unchanged() {
        fixture.given(opened(100))
                .when(new DepositMoneyCommand(NUMBER, 1, BRL))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new MoneyDepositedEvent(NUMBER, 1, BRL, 101))
                .expectResultMessagePayload(state(101, 1));
    }

    @Test
    void failures_that_are_not_domain_refusals_are_left_alone() {
        // A malformed account id is a programming error of the caller, not a refusal to report as data.
        fixture.givenNoPriorActivity()
                .when(new OpenAccountCommand(NUMBER, "not-a-uuid", 0, BRL))
                .expectException(IllegalArgumentException.class)
                .expectNoEvents();
    }
}
