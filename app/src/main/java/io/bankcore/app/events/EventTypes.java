package io.bankcore.app.events;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The public {@code type} of an event, derived from its payload class: the {@code Event} suffix goes,
 * the first word is the subject and the rest, in snake_case, what happened to it
 * ({@code MoneyDepositedEvent} is {@code money.deposited}, {@code TransferDebitRejectedEvent} is
 * {@code transfer.debit_rejected}). Derived, so an event type added later is in the feed at once, with
 * a name that follows the same rule; the names already published are pinned in {@link #PUBLISHED} so a
 * renamed class can keep its public name.
 */
public final class EventTypes {

    /** A well-formed type name. */
    public static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*(\\.[a-z][a-z0-9_]*)?");

    /** Names consumers already rely on, by payload class (simple name). */
    static final Map<String, String> PUBLISHED = Map.ofEntries(
            Map.entry("AccountOpenedEvent", "account.opened"),
            Map.entry("MoneyDepositedEvent", "money.deposited"),
            Map.entry("MoneyWithdrawnEvent", "money.withdrawn"),
            Map.entry("TransferRequestedEvent", "transfer.requested"),
            Map.entry("TransferCompletedEvent", "transfer.completed"),
            Map.entry("TransferFailedEvent", "transfer.failed"),
            Map.entry("TransferDebitedEvent", "transfer.debited"),
            Map.entry("TransferCreditedEvent", "transfer.credited"),
            Map.entry("TransferRefundedEvent", "transfer.refunded"),
            Map.entry("TransferDebitRejectedEvent", "transfer.debit_rejected"),
            Map.entry("TransferCreditRejectedEvent", "transfer.credit_rejected"),
            Map.entry("TransferReservedEvent", "transfer.reserved"),
            Map.entry("TransferPostedEvent", "transfer.posted"),
            Map.entry("TransferVoidedEvent", "transfer.voided"),
            Map.entry("TransferExpiredEvent", "transfer.expired"),
            Map.entry("FundsReservedEvent", "funds.reserved"),
            Map.entry("ReservationReleasedEvent", "reservation.released"),
            Map.entry("ReservationPostedEvent", "reservation.posted"),
            Map.entry("AccountFrozenEvent", "account.frozen"),
            Map.entry("AccountUnfrozenEvent", "account.unfrozen"),
            Map.entry("AccountClosedEvent", "account.closed"),
            Map.entry("AccountUpdatedEvent", "account.updated"),
            Map.entry("AccountOverdraftLimitChangedEvent", "account.overdraft_limit_changed"),
            Map.entry("TransferReversedEvent", "transfer.reversed"),
            Map.entry("ReversalDebitedEvent", "reversal.debited"),
            Map.entry("ReversalCreditedEvent", "reversal.credited"));

    /** The published types, for documentation (a test keeps it equal to {@link #PUBLISHED}). */
    public static final String DOCUMENTED = "account.opened, account.updated, account.overdraft_limit_changed,"
            + " account.frozen, account.unfrozen, account.closed,"
            + " money.deposited, money.withdrawn, transfer.requested, transfer.debited, transfer.credited,"
            + " transfer.debit_rejected, transfer.credit_rejected, transfer.refunded, transfer.completed,"
            + " transfer.failed, transfer.reserved, transfer.posted, transfer.voided, transfer.expired,"
            + " transfer.reversed, funds.reserved, reservation.released, reservation.posted, reversal.debited,"
            + " reversal.credited";

    /** What {@code event_types} and {@code ?types=} accept, described in their refusals. */
    public static final String PATTERNS =
            "an event type such as money.deposited, every type of a subject such as transfer.*, or * for all";

    private static final Pattern SUBJECT_WILDCARD = Pattern.compile("[a-z][a-z0-9]*\\.\\*");
    private static final int MAX_PATTERN_LENGTH = 64;

    private EventTypes() {}

    /**
     * Why a type pattern is refused, or empty when it is one: {@code *}, a published type, or a
     * published type's subject followed by {@code .*} ({@code transfer.*}).
     */
    public static Optional<String> refusal(String pattern) {
        if (pattern.equals("*") || PUBLISHED.containsValue(pattern)) {
            return Optional.empty();
        }
        if (pattern.length() > MAX_PATTERN_LENGTH) {
            return Optional.of("each must be " + PATTERNS);
        }
        if (SUBJECT_WILDCARD.matcher(pattern).matches()) {
            String prefix = pattern.substring(0, pattern.length() - 1);
            return PUBLISHED.values().stream().anyMatch(type -> type.startsWith(prefix))
                    ? Optional.empty()
                    : Optional.of("no event type matches " + pattern);
        }
        return NAME.matcher(pattern).matches()
                ? Optional.of("unknown event type " + pattern)
                : Optional.of("each must be " + PATTERNS);
    }

    /** Whether a type is one of the patterns; no pattern at all means every type. */
    public static boolean matches(Collection<String> patterns, String type) {
        if (patterns.isEmpty()) {
            return true;
        }
        for (String pattern : patterns) {
            if (pattern.equals(type)
                    || pattern.equals("*")
                    || (pattern.endsWith(".*") && type.startsWith(pattern.substring(0, pattern.length() - 1)))) {
                return true;
            }
        }
        return false;
    }

    /** Every published type. */
    public static Collection<String> published() {
        return PUBLISHED.values();
    }

    /** The type of a stored payload type (a class name such as {@code io.bankcore.api.MoneyDepositedEvent}). */
    public static String of(String payloadType) {
        String simple = payloadType.substring(Math.max(payloadType.lastIndexOf('.'), payloadType.lastIndexOf('$')) + 1);
        String pinned = PUBLISHED.get(simple);
        return pinned != null ? pinned : derive(simple);
    }

    static String derive(String simpleName) {
        String name = simpleName.endsWith("Event") && simpleName.length() > "Event".length()
                ? simpleName.substring(0, simpleName.length() - "Event".length())
                : simpleName;
        List<String> words = words(name);
        if (words.isEmpty()) {
            return "unknown";
        }
        var type = new StringBuilder(words.get(0));
        for (int i = 1; i < words.size(); i++) {
            type.append(i == 1 ? '.' : '_').append(words.get(i));
        }
        return type.toString();
    }

    /** CamelCase words, lower case; a run of capitals is one word ({@code AMLCheck} is aml, check). */
    private static List<String> words(String name) {
        var words = new ArrayList<String>();
        var word = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!Character.isLetterOrDigit(c)) {
                flush(words, word);
                continue;
            }
            boolean upper = Character.isUpperCase(c);
            boolean boundary = upper
                    && word.length() > 0
                    && (!Character.isUpperCase(name.charAt(i - 1))
                            || (i + 1 < name.length() && Character.isLowerCase(name.charAt(i + 1))));
            if (boundary) {
                flush(words, word);
            }
            word.append(Character.toLowerCase(c));
        }
        flush(words, word);
        return words;
    }

    private static void flush(List<String> words, StringBuilder word) {
        if (word.length() > 0) {
            words.add(word.toString().toLowerCase(Locale.ROOT));
            word.setLength(0);
        }
    }

    /**
     * The public name of a payload field: snake_case, and an amount in minor units (a Java name ending
     * in {@code Minor}) ends in {@code _cents} as everywhere else in the API ({@code amountMinor} is
     * {@code amount_cents}).
     */
    public static String field(String javaName) {
        String snake = snake(javaName);
        return snake.endsWith("_minor") ? snake.substring(0, snake.length() - "minor".length()) + "cents" : snake;
    }

    /** camelCase to snake_case. */
    static String snake(String field) {
        var out = new StringBuilder(field.length() + 4);
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (Character.isUpperCase(c)) {
                if (i > 0
                        && (!Character.isUpperCase(field.charAt(i - 1))
                                || (i + 1 < field.length() && Character.isLowerCase(field.charAt(i + 1))))) {
                    out.append('_');
                }
                out.append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
