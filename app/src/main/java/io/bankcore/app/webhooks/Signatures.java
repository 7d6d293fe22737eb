package io.bankcore.app.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@code Bankcore-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">}, keyed by the signing
 * secret exactly as shown ({@code whsec_...}, its UTF-8 bytes); one {@code v1} per secret in use (two
 * while a secret is being rotated). A receiver recomputes it over the raw body and refuses a {@code t}
 * more than 5 minutes off its clock.
 */
public final class Signatures {

    public static final String HEADER = "Bankcore-Signature";
    private static final SecureRandom RANDOM = new SecureRandom();
    /** One HMAC engine per thread: looking one up, and its provider at the first key, costs more than the MAC. */
    private static final ThreadLocal<Mac> HMAC = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance("HmacSHA256");
        } catch (GeneralSecurityException unavailable) {
            throw new IllegalStateException(unavailable);
        }
    });

    private Signatures() {}

    public static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static String header(long unixSeconds, byte[] body, List<String> secrets) {
        var header = new StringBuilder("t=").append(unixSeconds);
        for (String secret : secrets) {
            header.append(",v1=").append(hmac(secret, unixSeconds, body));
        }
        return header.toString();
    }

    public static String hmac(String secret, long unixSeconds, byte[] body) {
        try {
            Mac mac = HMAC.get();
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((unixSeconds + ".").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException unavailable) {
            throw new IllegalStateException(unavailable);
        }
    }
}
