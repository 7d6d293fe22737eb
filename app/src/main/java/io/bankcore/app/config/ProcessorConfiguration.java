package io.bankcore.app.config;

import io.bankcore.query.AccountProjection;
import io.bankcore.query.TransferProjection;
import java.util.List;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A failing projection or saga handler fails what it handles. Axon's default only logs the failure:
 * on a subscribing processor the command would then commit without its read-model change (or saga
 * step), and a streaming processor would move its token past the event. Propagated, the command's
 * transaction rolls back and the client gets an error (subscribing), or the processor retries the
 * event and health reports it in error (streaming).
 */
@Configuration(proxyBeanMethods = false)
public class ProcessorConfiguration {

    /** The processing groups whose handlers must never fail silently. */
    public static final List<String> GROUPS = List.of(
            AccountProjection.PROCESSING_GROUP,
            TransferProjection.PROCESSING_GROUP,
            "TransferSagaProcessor",
            "PendingTransferSagaProcessor");

    /** Static: Axon reads configurer modules while the buses are being built. */
    @Bean
    static ConfigurerModule propagateHandlerFailures() {
        return configurer -> configurer.eventProcessing(processing -> {
            for (String group : GROUPS) {
                processing.registerListenerInvocationErrorHandler(group, c -> PropagatingErrorHandler.instance());
            }
        });
    }
}
