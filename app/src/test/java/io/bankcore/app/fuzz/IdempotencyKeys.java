package io.bankcore.app.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

/**
 * {@code Idempotency-Key} values for the write routes, and what they predict. A valid key is 1 to 255
 * printable ASCII characters (0x20-0x7E); anything else is answered 400 {@code INVALID_IDEMPOTENCY_KEY}
 * before the body is looked at, and changes nothing. Only the refusals that come before any handler
 * runs (the servlet container's, the request guard's) may come first.
 *
 * <p>Header values are strings of byte values (ISO-8859-1), as on the wire: a UTF-8 key is its bytes.
 * Tomcat strips leading and trailing whitespace, so no key here depends on it, except all-spaces,
 * which arrives empty.
 */
final class IdempotencyKeys {

    static final String HEADER = "Idempotency-Key";
    static final String REPLAYED = "Idempotent-Replayed";
    static final String INVALID = "INVALID_IDEMPOTENCY_KEY";
    static final String REUSED = "IDEMPOTENCY_KEY_REUSED";

    /** The write routes, as the generator labels them. */
    static final Set<String> WRITE_ROUTES = Set.of(
            "POST /accounts",
            "POST /accounts/{n}/deposit",
            "POST /accounts/{n}/withdraw",
            "POST /transfers",
            "POST /transfers/{id}/post",
            "POST /transfers/{id}/void",
            "POST /transfers/{id}/reverse",
            "POST /accounts/{n}/freeze",
            "POST /accounts/{n}/unfreeze",
            "POST /accounts/{n}/close");

    /** Codes only a handler (or what it calls) answers with: none may come before the key's check. */
    static final Set<String> HANDLER_CODES = Set.of(
            "INVALID_AMOUNT",
            "INVALID_CURRENCY",
            "INVALID_ACCOUNT_NUMBER",
            "SAME_ACCOUNT",
            "ACCOUNT_NOT_FOUND",
            "ACCOUNT_ALREADY_EXISTS",
            "CURRENCY_MISMATCH",
            "INSUFFICIENT_FUNDS",
            "BALANCE_OVERFLOW",
            "TRANSFER_NOT_FOUND",
            "TRANSFER_NOT_PENDING",
            "TRANSFER_NOT_COMPLETED",
            "REVERSAL_EXCEEDS_TRANSFER",
            "ACCOUNT_FROZEN",
            "ACCOUNT_CLOSED",
            "ACCOUNT_NOT_EMPTY",
            "UNSUPPORTED_MEDIA_TYPE",
            "IDEMPOTENCY_KEY_REUSED",
            "IDEMPOTENCY_KEY_IN_USE");

    /** The domain's refusals: stored under a valid key and replayed, like a success. */
    static final Set<String> BUSINESS_REFUSALS = Set.of(
            "SAME_ACCOUNT",
            "ACCOUNT_NOT_FOUND",
            "ACCOUNT_ALREADY_EXISTS",
            "CURRENCY_MISMATCH",
            "INSUFFICIENT_FUNDS",
            "BALANCE_OVERFLOW",
            "TRANSFER_NOT_FOUND",
            "TRANSFER_NOT_PENDING",
            "TRANSFER_NOT_COMPLETED",
            "REVERSAL_EXCEEDS_TRANSFER",
            "ACCOUNT_FROZEN",
            "ACCOUNT_CLOSED",
            "ACCOUNT_NOT_EMPTY");

    /** Answers that may succeed later: not stored, so a second send runs the request again. */
    static final Set<String> NOT_STORED = Set.of("CONCURRENT_UPDATE", "TRANSFER_ABORTED", "IDEMPOTENCY_KEY_IN_USE");

    /**
     * A key as sent.
     *
     * @param value the header value, one char per byte
     * @param resend whether the test sends the request again after its answer, to check the replay
     */
    record Key(String value, boolean valid, String tag, boolean resend) {}

    private IdempotencyKeys() {}

    /** Whether the code (maybe null: no JSON, no code) is one of the set. */
    static boolean is(Set<String> codes, String code) {
        return code != null && codes.contains(code);
    }

    /** No key at all (about half the time), a valid one, or an invalid one. */
    static Key pick(SplittableRandom r, int index, long serial) {
        int k = r.nextInt(100);
        if (k < 45) {
            return null;
        }
        // Unique per case by its number (a key used twice is a legitimate reuse): the cases' random
        // streams overlap, so random digits alone repeat from one case to another.
        String unique = String.format(Locale.ROOT, "%06d-%016x", index, r.nextLong());
        boolean resend = r.nextInt(3) == 0;
        if (k < 75) {
            return switch (r.nextInt(5)) {
                case 0 -> valid(uuid(unique), "key=uuid", resend);
                case 1 -> valid(unique + " !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", "key=all-punctuation", resend);
                case 2 -> valid(pad(unique, 255), "key=255-chars", resend);
                case 3 -> valid("order 42 / " + unique, "key=inner-spaces", resend);
                default -> valid(String.format(Locale.ROOT, "k%07d", serial + index), "key=8-chars", resend);
            };
        }
        return switch (r.nextInt(11)) {
            case 0 -> invalid("", "key=empty");
            case 1 -> invalid("   ", "key=all-spaces");
            case 2 -> invalid(pad(unique, 256), "key=256-chars");
            case 3 -> invalid(pad(unique, 1000), "key=1000-chars");
            case 4 -> invalid(unique + "\t" + unique, "key=tab-inside");
            case 5 -> invalid(unique + "\u0001" + unique, "key=ctl-0x01");
            case 6 -> invalid(unique + "\u007f", "key=del-0x7f");
            case 7 -> invalid(utf8("cl\u00e9-" + unique), "key=utf8-cle");
            case 8 -> invalid("cl\u00e9-" + unique, "key=latin1-cle");
            case 9 -> invalid(utf8("\ud83d\udcb0" + unique), "key=utf8-emoji");
            default -> invalid(utf8(unique + "\u00a0" + unique), "key=nbsp-inside");
        };
    }

    private static Key valid(String value, String tag, boolean resend) {
        return new Key(value, true, tag, resend);
    }

    private static Key invalid(String value, String tag) {
        return new Key(value, false, tag, false);
    }

    /** The UTF-8 bytes of the text, one char per byte. */
    static String utf8(String text) {
        return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    /** The UUID form, its first group the case number in hex: {@code 0000002a-89ab-cdef-0123-456789ab0000}. */
    private static String uuid(String unique) {
        var h = unique.replace("-", "");
        var hex = String.format(Locale.ROOT, "%08x", Integer.parseInt(h.substring(0, 6))) + h.substring(6);
        hex = (hex + "0".repeat(32)).substring(0, 32);
        return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
                + hex.substring(16, 20) + "-" + hex.substring(20);
    }

    private static String pad(String prefix, int length) {
        return (prefix + "x".repeat(length)).substring(0, length);
    }

    /**
     * Whether something that runs before any handler may refuse the request, so before its key is
     * looked at: the request guard (a malformed, wildcard, form or multipart {@code Content-Type}, a
     * body over 64 KB), the container (a control character in a header) or the path the HTTP layer
     * refuses (see {@link HttpLayer#pathDefect}: dot and empty segments, path parameters, encoded
     * slashes, backslashes, periods, semicolons and NULs, bytes that are no UTF-8).
     */
    static boolean refusableBeforeHandler(FuzzRequest request) {
        if (request.raw() != null) {
            return true;
        }
        for (var h : request.headers()) {
            if (h.value().chars().anyMatch(c -> (c < 0x20 && c != '\t') || c == 0x7f)) {
                return true;
            }
        }
        var contentType = request.headers().stream()
                .filter(h -> h.name().equalsIgnoreCase("Content-Type"))
                .map(FuzzRequest.Header::value)
                .findFirst()
                .orElse(null);
        if (contentType != null && !contentType.isBlank()) {
            try {
                var type = MediaType.parseMediaType(contentType);
                if (type.isWildcardType()
                        || type.isWildcardSubtype()
                        || type.getType().toLowerCase(Locale.ROOT).equals("multipart")
                        || type.isCompatibleWith(MediaType.APPLICATION_FORM_URLENCODED)) {
                    return true;
                }
            } catch (InvalidMediaTypeException malformed) {
                return true;
            }
        }
        if (request.body() != null && request.body().length > 64 * 1024) {
            return true;
        }
        return HttpLayer.pathDefect(request) != null;
    }
}
