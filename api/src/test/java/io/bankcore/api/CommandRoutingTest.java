package io.bankcore.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Axon routes a command to the aggregate named by its one {@link TargetAggregateIdentifier} field. */
class CommandRoutingTest {

    static Stream<Class<?>> commands() {
        return ApiPackage.commands().stream();
    }

    private static List<String> routingFields(Class<?> command) {
        return Arrays.stream(command.getDeclaredFields())
                .filter(field -> field.isAnnotationPresent(TargetAggregateIdentifier.class))
                .map(Field::getName)
                .toList();
    }

    @Test
    void the_api_has_commands() {
        assertThat(ApiPackage.commands()).isNotEmpty();
    }

    @ParameterizedTest
    @MethodSource("commands")
    void every_command_names_exactly_one_target_an_account_number_or_a_transfer_id(Class<?> command) {
        // An atomic batch names many accounts and transfers: its own id is its routing key.
        assertThat(routingFields(command)).singleElement().isIn("accountNumber", "transferId", "batchId");
    }

    @ParameterizedTest
    @ValueSource(classes = {OpenAccountCommand.class, DepositMoneyCommand.class, WithdrawMoneyCommand.class})
    void every_account_command_is_routed_by_its_account_number_alone(Class<?> command) {
        assertThat(routingFields(command)).containsExactly("accountNumber");
    }
}
