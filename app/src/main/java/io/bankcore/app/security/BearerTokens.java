package io.bankcore.app.security;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoders;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.SupplierJwtDecoder;

/**
 * OAuth2/OIDC bearer tokens (JWT): the signature against the issuer's JWK set, the issuer, the
 * audience and the expiry are checked by Spring Security's Nimbus decoder (an unsigned token,
 * {@code alg: none}, never decodes). Scopes come from {@code scope} (space-separated) or {@code scp}
 * (a list or a string); the tenant from a claim of its own ({@code bankcore_tenant} by default).
 */
public class BearerTokens {

    /** Why a token was refused: said in the 401, never the token itself. */
    public record Refusal(String reason) {}

    /** The token could not be checked: the issuer's keys could not be fetched. Nothing about the token. */
    public record Unavailable(String reason) {}

    private final JwtDecoder decoder;
    private final String tenantClaim;

    BearerTokens(JwtDecoder decoder, String tenantClaim) {
        this.decoder = decoder;
        this.tenantClaim = tenantClaim;
    }

    /**
     * A decoder for the configured issuer: by its JWK set URI, or found through the issuer's OpenID
     * configuration (at the first token, not at start).
     */
    static BearerTokens configure(
            String jwkSetUri, String issuerUri, String issuer, String audience, String tenantClaim) {
        if (audience.isBlank()) {
            throw new AuthNotConfigured("BANKCORE_AUTH includes jwt but BANKCORE_JWT_AUDIENCE is not set: tokens"
                    + " must be issued for this service.");
        }
        String expectedIssuer = !issuer.isBlank() ? issuer : issuerUri;
        if (expectedIssuer.isBlank()) {
            throw new AuthNotConfigured("BANKCORE_AUTH includes jwt but neither BANKCORE_JWT_ISSUER nor"
                    + " BANKCORE_JWT_ISSUER_URI is set.");
        }
        OAuth2TokenValidator<Jwt> validator = new DelegatingOAuth2TokenValidator<>(
                JwtValidators.createDefaultWithIssuer(expectedIssuer),
                new JwtClaimValidator<List<String>>("aud", aud -> aud != null && aud.contains(audience)));
        JwtDecoder decoder;
        if (!jwkSetUri.isBlank()) {
            NimbusJwtDecoder nimbus = NimbusJwtDecoder.withJwkSetUri(jwkSetUri).build();
            nimbus.setJwtValidator(validator);
            decoder = nimbus;
        } else if (!issuerUri.isBlank()) {
            decoder = new SupplierJwtDecoder(() -> {
                NimbusJwtDecoder nimbus = (NimbusJwtDecoder) JwtDecoders.fromIssuerLocation(issuerUri);
                nimbus.setJwtValidator(validator);
                return nimbus;
            });
        } else {
            throw new AuthNotConfigured("BANKCORE_AUTH includes jwt but neither BANKCORE_JWT_JWK_SET_URI nor"
                    + " BANKCORE_JWT_ISSUER_URI is set.");
        }
        return new BearerTokens(decoder, tenantClaim);
    }

    /** The token's client, or why the token is refused. */
    public Object authenticate(String token) {
        Jwt jwt;
        try {
            jwt = decoder.decode(token);
        } catch (BadJwtException refused) {
            return new Refusal(reason(refused));
        } catch (JwtException unchecked) {
            return new Unavailable("the issuer's signing keys could not be fetched");
        }
        if (jwt.getSubject() == null || jwt.getSubject().isBlank()) {
            return new Refusal("the token has no subject");
        }
        Set<String> scopes = scopes(jwt);
        Optional<String> tenant = Optional.empty();
        Object claim = jwt.getClaims().get(tenantClaim);
        if (claim != null) {
            if (!(claim instanceof String prefix) || !prefix.matches("[0-9]{1,12}")) {
                return new Refusal("the token's " + tenantClaim + " is not an account-number prefix");
            }
            if (scopes.contains(RouteScopes.ADMIN)) {
                return new Refusal("a tenant-bound token cannot have the admin scope");
            }
            tenant = Optional.of(prefix);
        }
        return ClientAuthentication.token(jwt.getSubject(), scopes, tenant);
    }

    static Set<String> scopes(Jwt jwt) {
        var granted = new LinkedHashSet<String>();
        for (String claim : List.of("scope", "scp")) {
            Object value = jwt.getClaims().get(claim);
            if (value instanceof String text) {
                granted.addAll(List.of(text.trim().split("\\s+")));
            } else if (value instanceof Collection<?> list) {
                list.forEach(v -> granted.add(String.valueOf(v)));
            }
        }
        granted.retainAll(RouteScopes.ALL);
        return granted;
    }

    /** Nimbus's reasons, in a few words, without any part of the token. */
    private static String reason(JwtException refused) {
        String message = String.valueOf(refused.getMessage()).toLowerCase(java.util.Locale.ROOT);
        if (message.contains("expired")) {
            return "the token has expired";
        }
        if (message.contains("iss claim")) {
            return "the token is from another issuer";
        }
        if (message.contains("aud claim")) {
            return "the token is for another audience";
        }
        if (message.contains("signature") || message.contains("jws") || message.contains("key")) {
            return "the token's signature does not verify";
        }
        return "the token cannot be decoded";
    }
}
