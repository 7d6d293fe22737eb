package io.bankcore.app.support;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.function.Consumer;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * An identity provider of the tests' own: an RSA key pair whose public half is served as a JWK set on
 * a local port, and tokens signed with it (or with a key the service does not know).
 */
public final class TestTokens {

    public static final String ISSUER = "https://issuer.bankcore.test";
    public static final String AUDIENCE = "bankcore-api";
    public static final RSAKey SIGNING = generate("signing");
    public static final RSAKey STRANGER = generate("stranger");
    private static String jwkSetUri;

    private TestTokens() {}

    private static RSAKey generate(String id) {
        try {
            return new RSAKeyGenerator(2048).keyID(id).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Serves the JWK set (once per JVM) and points the service at it. */
    public static synchronized void register(DynamicPropertyRegistry registry) {
        if (jwkSetUri == null) {
            try {
                HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
                byte[] body = new JWKSet(SIGNING.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
                server.createContext("/jwks.json", exchange -> {
                    exchange.getResponseHeaders().add("Content-Type", "application/json");
                    exchange.sendResponseHeaders(200, body.length);
                    exchange.getResponseBody().write(body);
                    exchange.close();
                });
                server.start();
                jwkSetUri = "http://127.0.0.1:" + server.getAddress().getPort() + "/jwks.json";
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        String uri = jwkSetUri;
        registry.add("bankcore.jwt.jwk-set-uri", () -> uri);
        registry.add("bankcore.jwt.issuer", () -> ISSUER);
        registry.add("bankcore.jwt.audience", () -> AUDIENCE);
    }

    /** A token for the subject with these scopes, valid for ten minutes, as the issuer signs them. */
    public static String token(String subject, String scope) {
        return token(SIGNING, claims -> claims.subject(subject).claim("scope", scope));
    }

    /** A token signed with the key, from the default claims changed by {@code change}. */
    public static String token(RSAKey key, Consumer<JWTClaimsSet.Builder> change) {
        var claims = defaults();
        change.accept(claims);
        var jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims.build());
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    /** The same claims, unsigned ({@code alg: none}). */
    public static String unsigned(Consumer<JWTClaimsSet.Builder> change) {
        var claims = defaults();
        change.accept(claims);
        return new PlainJWT(claims.build()).serialize();
    }

    private static JWTClaimsSet.Builder defaults() {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience(List.of(AUDIENCE))
                .subject("alice")
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(600)))
                .claim("scope", "accounts:read accounts:write transfers:write");
    }
}
