package io.bankcore.app.config;

import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Axon's units of work run in Spring transactions on the data source. Declared here rather than left to
 * Axon's autoconfiguration, which looks for the platform transaction manager before Spring Boot 4 has
 * made it and would then run every statement of a command in a transaction of its own: a failing
 * handler could no longer roll the command back, and a transfer would commit leg by leg.
 */
@Configuration(proxyBeanMethods = false)
public class TransactionConfiguration {

    @Bean
    TransactionManager axonTransactionManager(PlatformTransactionManager transactions) {
        return new SpringTransactionManager(transactions);
    }
}
