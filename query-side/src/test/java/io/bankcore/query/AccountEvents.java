package io.bankcore.query;

import io.bankcore.api.AccountOpenedEvent;
import io.bankcore.api.MoneyDepositedEvent;
import io.bankcore.api.MoneyWithdrawnEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.axonframework.eventhandling.GenericDomainEventMessage;

/**
 * Account events as the event store hands them to the projection: domain event messages of the account
 * aggregate, with identifiers and timestamps fixed by account number and sequence so every run is alike.
 */
final class AccountEvents {

    static final String AGGREGATE_TYPE = "AccountAggregate";
    static final String BRL = "BRL";

    /** Sub-microsecond digits above one half on purpose: the read model truncates to microseconds, never rounds. */
    private static final Instant FIRST_EVENT_AT = Instant.parse("2026-01-12T21:13:49.684949821Z");

    private AccountEvents() {}

    static GenericDomainEventMessage<AccountOpenedEvent> opened(String accountNumber, long initialBalanceMinor) {
        return message(
                accountNumber,
                0,
                new AccountOpenedEvent(accountNumber, accountId(accountNumber), BRL, initialBalanceMinor));
    }

    static GenericDomainEventMessage<MoneyDepositedEvent> deposited(
            String accountNumber, long sequence, long amountMinor, long balanceMinor) {
        return message(accountNumber, sequence, new MoneyDepositedEvent(accountNumber, amountMinor, BRL, balanceMinor));
    }

    static GenericDomainEventMessage<MoneyWithdrawnEvent> withdrawn(
            String accountNumber, long sequence, long amountMinor, long balanceMinor) {
        return message(accountNumber, sequence, new MoneyWithdrawnEvent(accountNumber, amountMinor, BRL, balanceMinor));
    }

    static <T> GenericDomainEventMessage<T> message(String accountNumber, long sequence, T payload) {
        return new GenericDomainEventMessage<>(
                AGGREGATE_TYPE,
                accountNumber,
                sequence,
                payload,
                Map.of(),
                eventId(accountNumber, sequence).toString(),
                occurredAt(sequence));
    }

    static String accountId(String accountNumber) {
        return UUID.nameUUIDFromBytes(("account:" + accountNumber).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    static UUID eventId(String accountNumber, long sequence) {
        return UUID.nameUUIDFromBytes(("event:" + accountNumber + ":" + sequence).getBytes(StandardCharsets.UTF_8));
    }

    static Instant occurredAt(long sequence) {
        return FIRST_EVENT_AT.plusSeconds(sequence);
    }

    /** What the read model must return for an event's timestamp. */
    static Instant storedOccurredAt(long sequence) {
        return occurredAt(sequence).truncatedTo(ChronoUnit.MICROS);
    }
}
