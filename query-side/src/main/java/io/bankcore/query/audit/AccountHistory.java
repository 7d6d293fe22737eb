package io.bankcore.query.audit;

import io.bankcore.api.AccountClosedEvent;
import io.bankcore.api.AccountFrozenEvent;
import io.bankcore.api.AccountOpenedEvent;
import io.bankcore.api.AccountOverdraftLimitChangedEvent;
import io.bankcore.api.AccountUnfrozenEvent;
import io.bankcore.api.AvailableBalance;
import io.bankcore.api.FundsReservedEvent;
import io.bankcore.api.MoneyDepositedEvent;
import io.bankcore.api.MoneyWithdrawnEvent;
import io.bankcore.api.ReservationPostedEvent;
import io.bankcore.api.ReservationReleasedEvent;
import io.bankcore.api.ReversalCreditedEvent;
import io.bankcore.api.ReversalDebitedEvent;
import io.bankcore.api.TransferCreditedEvent;
import io.bankcore.api.TransferDebitedEvent;
import io.bankcore.api.TransferEvent;
import io.bankcore.api.TransferRefundedEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;

/**
 * An account's history read straight from the event store, independently of the projections: the
 * audit trail, page by page, and the balance at a past instant.
 *
 * <p>Always reads with {@link EventStore#readEvents(String, long)}, which starts at the given
 * sequence number and never at a snapshot ({@code readEvents(id)} would start at the latest
 * snapshot and hide everything before it).
 *
 * <p>{@link #balanceAsOf} folds the stream from sequence 0 on every call: its cost grows with the
 * account's history. Fine for an audit route; a long-lived hot account would want checkpoints
 * (balances at known sequence numbers) to start from.
 */
public class AccountHistory {

    /** One event of an account's stream, as stored ({@code eventType}: the payload's simple class name). */
    public record Entry(
            String eventId,
            long sequenceNumber,
            String eventType,
            Instant occurredAt,
            Object payload,
            String correlationId,
            Map<String, Object> metadata) {}

    /**
     * At most {@code limit} entries from the requested sequence number on, oldest first;
     * {@code nextSequence} is where the following page starts, or null on the last page.
     * {@code accountExists} is false only when the account has no event at all.
     */
    public record Page(boolean accountExists, List<Entry> entries, Long nextSequence) {}

    /**
     * The balance at an instant: the one carried by the last event at or before it ({@code sequenceNumber},
     * appended at {@code lastEventAt}), with the amount open reservations held then, the account's
     * status then ({@code ACTIVE}, {@code FROZEN}, {@code CLOSED}) and its overdraft limit then.
     */
    public record BalanceAt(
            String accountNumber,
            long balanceMinor,
            String currency,
            long sequenceNumber,
            Instant lastEventAt,
            long reservedMinor,
            String status,
            long overdraftLimitMinor) {

        public long availableMinor() {
            return AvailableBalance.of(balanceMinor, overdraftLimitMinor, reservedMinor);
        }
    }

    private final EventStore eventStore;

    public AccountHistory(EventStore eventStore) {
        this.eventStore = Objects.requireNonNull(eventStore, "eventStore");
    }

    /** The page of the audit trail that starts at {@code fromSequence} (0 for the first page). */
    public Page page(String accountNumber, long fromSequence, int limit) {
        if (fromSequence < 0) {
            throw new IllegalArgumentException("fromSequence must be >= 0, was " + fromSequence);
        }
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1, was " + limit);
        }
        DomainEventStream stream = eventStore.readEvents(accountNumber, fromSequence);
        var entries = new ArrayList<Entry>(Math.min(limit, 1000));
        Long next = null;
        while (stream.hasNext()) {
            DomainEventMessage<?> event = stream.next();
            if (entries.size() == limit) {
                next = event.getSequenceNumber();
                break;
            }
            entries.add(entry(event));
        }
        boolean exists = !entries.isEmpty() || (fromSequence > 0 && exists(accountNumber));
        return new Page(exists, List.copyOf(entries), next);
    }

    /** True when the account has at least one event. */
    public boolean exists(String accountNumber) {
        return eventStore.readEvents(accountNumber, 0L).hasNext();
    }

    /**
     * The balance the account had at {@code asOf}, folded from its first event: empty when it had no
     * event at or before that instant (it did not exist yet, or does not exist at all; see
     * {@link #exists}). The fold stops at the first event appended after {@code asOf}, so the answer is
     * always the state after a prefix of the stream.
     */
    public Optional<BalanceAt> balanceAsOf(String accountNumber, Instant asOf) {
        Objects.requireNonNull(asOf, "asOf");
        DomainEventStream stream = eventStore.readEvents(accountNumber, 0L);
        BalanceAt balance = null;
        while (stream.hasNext()) {
            DomainEventMessage<?> event = stream.next();
            if (event.getTimestamp().isAfter(asOf)) {
                break;
            }
            balance = apply(accountNumber, balance, event);
        }
        return Optional.ofNullable(balance);
    }

    private static BalanceAt apply(String accountNumber, BalanceAt before, DomainEventMessage<?> event) {
        Object payload = event.getPayload();
        long sequence = event.getSequenceNumber();
        Instant at = event.getTimestamp();
        String currency = before == null ? null : before.currency();
        long balance = before == null ? 0L : before.balanceMinor();
        long reserved = before == null ? 0L : before.reservedMinor();
        String status = before == null ? "ACTIVE" : before.status();
        long limit = before == null ? 0L : before.overdraftLimitMinor();
        if (payload instanceof AccountOpenedEvent opened) {
            currency = opened.currency();
            balance = opened.initialBalanceMinor();
            limit = opened.overdraftLimitMinor();
        } else if (payload instanceof AccountOverdraftLimitChangedEvent changed) {
            limit = changed.overdraftLimitMinor();
        } else if (payload instanceof MoneyDepositedEvent deposited) {
            currency = currency == null ? deposited.currency() : currency;
            balance = deposited.balanceMinor();
        } else if (payload instanceof MoneyWithdrawnEvent withdrawn) {
            currency = currency == null ? withdrawn.currency() : currency;
            balance = withdrawn.balanceMinor();
        } else if (payload instanceof TransferDebitedEvent debited) {
            currency = currency == null ? debited.currency() : currency;
            balance = debited.balanceMinor();
        } else if (payload instanceof TransferCreditedEvent credited) {
            currency = currency == null ? credited.currency() : currency;
            balance = credited.balanceMinor();
        } else if (payload instanceof TransferRefundedEvent refunded) {
            currency = currency == null ? refunded.currency() : currency;
            balance = refunded.balanceMinor();
        } else if (payload instanceof ReversalDebitedEvent reversed) {
            currency = currency == null ? reversed.currency() : currency;
            balance = reversed.balanceMinor();
        } else if (payload instanceof ReversalCreditedEvent reversed) {
            currency = currency == null ? reversed.currency() : currency;
            balance = reversed.balanceMinor();
        } else if (payload instanceof FundsReservedEvent reservedEvent) {
            reserved = reservedEvent.reservedMinor();
        } else if (payload instanceof ReservationReleasedEvent released) {
            reserved = released.reservedMinor();
        } else if (payload instanceof ReservationPostedEvent posted) {
            balance = posted.balanceMinor();
            reserved = posted.reservedMinor();
        } else if (payload instanceof AccountFrozenEvent) {
            status = "FROZEN";
        } else if (payload instanceof AccountUnfrozenEvent) {
            status = "ACTIVE";
        } else if (payload instanceof AccountClosedEvent) {
            status = "CLOSED";
        }
        // Any other event (a rejected transfer leg) leaves the balance as it was.
        return new BalanceAt(accountNumber, balance, currency, sequence, at, reserved, status, limit);
    }

    private static Entry entry(DomainEventMessage<?> event) {
        Object payload = event.getPayload();
        String correlationId = payload instanceof TransferEvent transfer
                ? transfer.transferId()
                : payload instanceof ReversalDebitedEvent debited
                        ? debited.reversalId()
                        : payload instanceof ReversalCreditedEvent credited ? credited.reversalId() : null;
        var metadata = new LinkedHashMap<String, Object>(event.getMetaData());
        return new Entry(
                event.getIdentifier(),
                event.getSequenceNumber(),
                event.getPayloadType().getSimpleName(),
                event.getTimestamp(),
                payload,
                correlationId,
                Collections.unmodifiableMap(metadata));
    }
}
