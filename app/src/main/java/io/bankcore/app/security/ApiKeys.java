package io.bankcore.app.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * API keys: {@code bk_live_<id>_<secret>}, 12 characters of id (the visible, listable part) and 32
 * random bytes of secret. Only a SHA-256 of the whole key is stored; a presented key is looked up by
 * its id and its hash compared in constant time. Verified keys are cached for at most
 * {@code cacheTtl} (2 s by default), so a revoked or expired key is refused on every instance within
 * that time, never later.
 */
public class ApiKeys {

    public static final String PREFIX = "bk_live_";
    private static final int ID_LENGTH = 12;
    private static final String ID_CHARACTERS = "abcdefghijkmnopqrstuvwxyz23456789";
    private static final int MAX_CACHED = 10_000;

    /** A key as stored: never its secret. */
    public record Key(
            String id,
            String name,
            Set<String> scopes,
            Optional<String> tenant,
            Instant createdAt,
            Optional<Instant> expiresAt,
            Optional<Instant> revokedAt) {

        boolean validAt(Instant now) {
            return revokedAt.isEmpty() && expiresAt.map(now::isBefore).orElse(true);
        }

        public String prefix() {
            return PREFIX + id;
        }
    }

    /** A key just created: the only moment its full value exists outside the client. */
    public record Created(Key key, String value) {}

    private record Stored(Key key, String hash) {}

    private record Cached(Optional<Stored> stored, long loadedAt) {}

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final Duration cacheTtl;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    /** The hash of the bootstrap admin key from the environment, if one was given. */
    private final String bootstrapHash;

    public ApiKeys(JdbcTemplate jdbc, Clock clock, Duration cacheTtl, String bootstrapAdminKey) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.cacheTtl = cacheTtl;
        this.bootstrapHash = bootstrapAdminKey == null ? null : sha256(bootstrapAdminKey);
    }

    public Created create(String name, Set<String> scopes, Optional<String> tenant, Optional<Instant> expiresAt) {
        String id = randomId();
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String value =
                PREFIX + id + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Instant now = clock.instant();
        jdbc.update(
                "insert into api_key (key_id, name, secret_hash, scopes, tenant, created_at, expires_at, revoked_at)"
                        + " values (?, ?, ?, ?, ?, ?, ?, null)",
                id,
                name,
                sha256(value),
                String.join(" ", scopes),
                tenant.orElse(null),
                Timestamp.from(now),
                expiresAt.map(Timestamp::from).orElse(null));
        return new Created(new Key(id, name, Set.copyOf(scopes), tenant, now, expiresAt, Optional.empty()), value);
    }

    public List<Key> list() {
        return jdbc.query(
                "select * from api_key order by created_at, key_id",
                (rs, n) -> stored(rs).key());
    }

    /** Revokes the key; false when there is no such key. Already revoked keys stay as they were. */
    public boolean revoke(String id) {
        int updated = jdbc.update(
                "update api_key set revoked_at = coalesce(revoked_at, ?) where key_id = ?",
                Timestamp.from(clock.instant()),
                id);
        cache.remove(id);
        return updated > 0;
    }

    /** The principal of a presented key, when it is a valid one: known, not revoked, not expired. */
    public Optional<ClientAuthentication> authenticate(String presented) {
        Instant now = clock.instant();
        if (bootstrapHash != null && matches(bootstrapHash, presented)) {
            return Optional.of(ClientAuthentication.apiKey(
                    "bootstrap", "bootstrap admin key", Set.of(RouteScopes.ADMIN), Optional.empty()));
        }
        String id = idOf(presented);
        if (id == null) {
            return Optional.empty();
        }
        Optional<Stored> stored = lookup(id);
        if (stored.isEmpty()
                || !stored.get().key().validAt(now)
                || !matches(stored.get().hash(), presented)) {
            return Optional.empty();
        }
        Key key = stored.get().key();
        return Optional.of(ClientAuthentication.apiKey(key.id(), key.name(), key.scopes(), key.tenant()));
    }

    private Optional<Stored> lookup(String id) {
        long now = System.nanoTime();
        Cached cached = cache.get(id);
        if (cached != null && now - cached.loadedAt() < cacheTtl.toNanos()) {
            return cached.stored();
        }
        Optional<Stored> stored =
                jdbc.query("select * from api_key where key_id = ?", (rs, n) -> stored(rs), id).stream()
                        .findFirst();
        if (cache.size() >= MAX_CACHED) {
            cache.clear();
        }
        cache.put(id, new Cached(stored, now));
        return stored;
    }

    /** The id part of a key of this service's shape, or null. */
    static String idOf(String presented) {
        if (!presented.startsWith(PREFIX) || presented.length() < PREFIX.length() + ID_LENGTH + 2) {
            return null;
        }
        String id = presented.substring(PREFIX.length(), PREFIX.length() + ID_LENGTH);
        if (presented.charAt(PREFIX.length() + ID_LENGTH) != '_') {
            return null;
        }
        for (char c : id.toCharArray()) {
            if (ID_CHARACTERS.indexOf(c) < 0) {
                return null;
            }
        }
        return id;
    }

    private String randomId() {
        var id = new StringBuilder(ID_LENGTH);
        for (int i = 0; i < ID_LENGTH; i++) {
            id.append(ID_CHARACTERS.charAt(random.nextInt(ID_CHARACTERS.length())));
        }
        return id.toString();
    }

    private static boolean matches(String expectedHash, String presented) {
        return MessageDigest.isEqual(
                expectedHash.getBytes(StandardCharsets.US_ASCII),
                sha256(presented).getBytes(StandardCharsets.US_ASCII));
    }

    private static Stored stored(ResultSet rs) throws SQLException {
        var scopes = new LinkedHashSet<>(List.of(rs.getString("scopes").split(" ")));
        Timestamp expires = rs.getTimestamp("expires_at");
        Timestamp revoked = rs.getTimestamp("revoked_at");
        return new Stored(
                new Key(
                        rs.getString("key_id"),
                        rs.getString("name"),
                        Set.copyOf(scopes),
                        Optional.ofNullable(rs.getString("tenant")),
                        rs.getTimestamp("created_at").toInstant(),
                        Optional.ofNullable(expires).map(Timestamp::toInstant),
                        Optional.ofNullable(revoked).map(Timestamp::toInstant)),
                rs.getString("secret_hash"));
    }

    static String sha256(String value) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
