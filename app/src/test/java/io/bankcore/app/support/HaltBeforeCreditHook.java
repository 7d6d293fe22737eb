package io.bankcore.app.support;

import io.bankcore.api.TransferDebitedEvent;
import org.axonframework.config.ConfigurerModule;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Test-only crash point: with {@code bankcore.test.halt-before-credit=true}, the process halts (like
 * SIGKILL: no shutdown hooks, nothing flushed) the moment the transfer saga is handed a debit, that
 * is after the debit committed and before the credit is sent.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty("bankcore.test.halt-before-credit")
public class HaltBeforeCreditHook {

    public static final int EXIT_CODE = 137;

    @Bean
    ConfigurerModule haltBeforeCredit() {
        return configurer -> configurer.eventProcessing(processing ->
                processing.registerHandlerInterceptor("TransferSagaProcessor", configuration -> (unitOfWork, chain) -> {
                    if (unitOfWork.getMessage().getPayload() instanceof TransferDebitedEvent) {
                        System.out.println("HALT: transfer saga received a debit; halting before the credit");
                        System.out.flush();
                        Runtime.getRuntime().halt(EXIT_CODE);
                    }
                    return chain.proceed();
                }));
    }
}
