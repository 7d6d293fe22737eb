package io.bankcore.app.security;

import java.util.List;
import java.util.function.BiFunction;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Who did it: a command sent for an authenticated request carries its principal ({@code key:<id>},
 * never a secret) in its metadata under {@value #KEY}; Axon copies that entry into every event the
 * command causes and every command a saga sends for those events, so a transfer's request, legs and
 * outcome all name the client (shown by {@code GET /accounts/{n}/events}).
 */
@Configuration(proxyBeanMethods = false)
public class PrincipalMetadata {

    public static final String KEY = "principal";

    /**
     * Axon's own trace and correlation ids: declared here because Axon's autoconfiguration supplies
     * its default only while no other correlation data provider exists.
     */
    @Bean
    CorrelationDataProvider messageOrigin() {
        return new MessageOriginProvider();
    }

    @Bean
    CorrelationDataProvider principalCorrelation() {
        return new SimpleCorrelationDataProvider(KEY);
    }

    @Bean
    SmartInitializingSingleton principalOnCommands(CommandBus commands) {
        return () -> commands.registerDispatchInterceptor(new MessageDispatchInterceptor<CommandMessage<?>>() {
            @Override
            public BiFunction<Integer, CommandMessage<?>, CommandMessage<?>> handle(
                    List<? extends CommandMessage<?>> messages) {
                return (index, command) -> {
                    String client = Principals.client();
                    if (client.isEmpty() || command.getMetaData().containsKey(KEY)) {
                        return command;
                    }
                    return command.andMetaData(java.util.Map.of(KEY, client));
                };
            }
        });
    }
}
