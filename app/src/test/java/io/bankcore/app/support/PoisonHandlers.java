package io.bankcore.app.support;

import io.bankcore.api.CreditForTransferCommand;
import io.bankcore.api.MoneyDepositedEvent;
import io.bankcore.api.TransferRequestedEvent;
import io.bankcore.query.AccountProjection;
import io.bankcore.query.TransferProjection;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Test-only failing handlers, one in each processing group that must never fail silently: with
 * {@code bankcore.test.poison=true} each throws on an event carrying its own amount.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty("bankcore.test.poison")
public class PoisonHandlers {

    /** A deposit of this amount fails in the account projection's group. */
    public static final long ACCOUNTS = 111_111;
    /** A transfer of this amount fails in the transfer projection's group, on its request. */
    public static final long TRANSFERS = 222_222;
    /** A transfer of this amount fails in the saga's group, when it sends the credit. */
    public static final long SAGA = 333_333;

    public static final class Poisoned extends RuntimeException {
        Poisoned(String group) {
            super("poisoned handler in " + group);
        }
    }

    @ProcessingGroup(AccountProjection.PROCESSING_GROUP)
    public static class AccountsPoison {
        @EventHandler
        void on(MoneyDepositedEvent event) {
            if (event.amountMinor() == ACCOUNTS) {
                throw new Poisoned(AccountProjection.PROCESSING_GROUP);
            }
        }
    }

    @ProcessingGroup(TransferProjection.PROCESSING_GROUP)
    public static class TransfersPoison {
        @EventHandler
        void on(TransferRequestedEvent event) {
            if (event.amountMinor() == TRANSFERS) {
                throw new Poisoned(TransferProjection.PROCESSING_GROUP);
            }
        }
    }

    @Bean
    AccountsPoison accountsPoison() {
        return new AccountsPoison();
    }

    @Bean
    TransfersPoison transfersPoison() {
        return new TransfersPoison();
    }

    /**
     * The saga's credit command fails (not refused: failed) for this amount, so the saga's handler that
     * sent it fails in the saga's group.
     */
    @Autowired
    void poisonCredits(CommandBus commandBus) {
        commandBus.registerHandlerInterceptor((unitOfWork, chain) -> {
            if (unitOfWork.getMessage().getPayload() instanceof CreditForTransferCommand credit
                    && credit.amountMinor() == SAGA) {
                throw new Poisoned("TransferSagaProcessor");
            }
            return chain.proceed();
        });
    }
}
