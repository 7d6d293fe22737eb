package io.bankcore.app.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keeps webhook signing secrets recoverable (a signature needs the secret itself, unlike an API key,
 * of which a hash suffices) without keeping them readable in the database: with
 * {@code bankcore.webhooks.secret-key} set (32 characters or more), a secret is sealed with AES-256-GCM
 * under the SHA-256 of that key, bound to its endpoint's id, and stored as {@code v1:<base64>}; a
 * database dump alone then reveals no secret. Without it, secrets are stored as {@code plain:<secret>}
 * (the embedded default; said at start-up), readable by anyone who can read the table.
 */
public final class SecretBox {

    private static final String SEALED = "v1:";
    private static final String PLAIN = "plain:";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    /** {@code key} null or blank: no sealing. */
    public SecretBox(String key) {
        if (key == null || key.isBlank()) {
            this.key = null;
            return;
        }
        if (key.length() < 32) {
            throw new IllegalArgumentException("bankcore.webhooks.secret-key must be at least 32 characters");
        }
        try {
            this.key = new SecretKeySpec(
                    MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)), "AES");
        } catch (GeneralSecurityException unavailable) {
            throw new IllegalStateException(unavailable);
        }
    }

    public boolean sealing() {
        return key != null;
    }

    public String seal(String endpointId, String secret) {
        if (key == null) {
            return PLAIN + secret;
        }
        try {
            byte[] iv = new byte[12];
            RANDOM.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
            cipher.updateAAD(endpointId.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[iv.length + sealed.length];
            System.arraycopy(iv, 0, out, 0, iv.length);
            System.arraycopy(sealed, 0, out, iv.length, sealed.length);
            return SEALED + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException failed) {
            throw new IllegalStateException("cannot seal a webhook secret", failed);
        }
    }

    /** The secret; throws (without revealing anything) when it cannot be opened with this key. */
    public String open(String endpointId, String stored) {
        if (stored.startsWith(PLAIN)) {
            return stored.substring(PLAIN.length());
        }
        if (!stored.startsWith(SEALED)) {
            throw new IllegalStateException("webhook secret of " + endpointId + " is in an unknown format");
        }
        if (key == null) {
            throw new IllegalStateException(
                    "webhook secret of " + endpointId + " is sealed, but bankcore.webhooks.secret-key is not set");
        }
        try {
            byte[] in = Base64.getDecoder().decode(stored.substring(SEALED.length()));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, in, 0, 12));
            cipher.updateAAD(endpointId.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(in, 12, in.length - 12), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException wrongKey) {
            throw new IllegalStateException("webhook secret of " + endpointId
                    + " cannot be opened with the configured bankcore.webhooks.secret-key");
        }
    }
}
