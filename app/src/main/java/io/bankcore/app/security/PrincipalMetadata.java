package io.bankcore.app.security;

import io.bankcore.command.WritePipeline;
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
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

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

    /** Who is asking, carried to the write pipeline's writer thread, where the request's commands are sent. */
    @Bean
    WritePipeline.ThreadContext securityContextOnWriters() {
        return new WritePipeline.ThreadContext() {
            @Override
            public Object capture() {
                return SecurityContextHolder.getContext();
            }

            @Override
            public Runnable install(Object captured) {
                // On a request's own thread running its batch, its context is put back afterwards.
                var previous = SecurityContextHolder.getContext();
                SecurityContextHolder.setContext((SecurityContext) captured);
                return () -> SecurityContextHolder.setContext(previous);
            }
        };
    }

    /** The HTTP request's attributes, for work on the writer that renders an answer (a keyed request's). */
    @Bean
    WritePipeline.ThreadContext requestAttributesOnWriters() {
        return new WritePipeline.ThreadContext() {
            @Override
            public Object capture() {
                return RequestContextHolder.getRequestAttributes();
            }

            @Override
            public Runnable install(Object captured) {
                var previous = RequestContextHolder.getRequestAttributes();
                RequestContextHolder.setRequestAttributes((RequestAttributes) captured);
                return () -> {
                    if (previous == null) {
                        RequestContextHolder.resetRequestAttributes();
                    } else {
                        RequestContextHolder.setRequestAttributes(previous);
                    }
                };
            }
        };
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
