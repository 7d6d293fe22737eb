package io.bankcore.app.config;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import org.axonframework.common.jpa.EntityManagerProvider;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jpa.JpaTokenStore;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The token store, with a name for this instance. Instances sharing a database share the event
 * processors' work by claiming token segments under that name, so two instances must never share
 * one: the default is Axon's ({@code pid@host}), and {@code bankcore.node-id} overrides it.
 */
@Configuration(proxyBeanMethods = false)
public class TokenStoreConfiguration {

    @Bean
    TokenStore tokenStore(
            EntityManagerProvider entityManagerProvider,
            Serializer serializer,
            @Value("${bankcore.node-id:}") String nodeId,
            @Value("${axon.eventhandling.tokenstore.claim-timeout:10s}") Duration claimTimeout) {
        return JpaTokenStore.builder()
                .entityManagerProvider(entityManagerProvider)
                .serializer(serializer)
                .claimTimeout(claimTimeout)
                .nodeId(nodeId(nodeId))
                .build();
    }

    /** This instance's name in token claims: {@code bankcore.node-id}, or Axon's default ({@code pid@host}). */
    public static String nodeId(String configured) {
        return configured == null || configured.isBlank()
                ? ManagementFactory.getRuntimeMXBean().getName()
                : configured;
    }
}
