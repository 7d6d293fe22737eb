package io.bankcore.app.security;

import io.bankcore.app.ops.RequestLogFilter;
import io.bankcore.app.web.ProblemCode;
import io.bankcore.app.web.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.ObjectMapper;

/**
 * The pieces of the security filter chain: reading a credential, deciding by {@link RouteScopes}, and
 * answering 401 and 403 with the problem bodies every other error has. No credential ever reaches a
 * log line, an error body or a metric: the key's id is the principal.
 */
final class Authentication {

    static final String REALM = "Bearer realm=\"bankcore\"";
    private static final String REQUIRED_SCOPE = Authentication.class.getName() + ".requiredScope";

    private Authentication() {}

    /** A credential as sent: from {@code X-API-Key} (always an API key) or {@code Authorization: Bearer}. */
    record Presented(String value, boolean apiKeyHeader) {}

    /** The credential in {@code X-API-Key} or {@code Authorization: Bearer}; empty when neither is sent. */
    static Optional<Presented> presented(HttpServletRequest request) throws BadCredential {
        String header = request.getHeader("X-API-Key");
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header != null && authorization != null) {
            throw new BadCredential("Send the credential in X-API-Key or in Authorization, not in both.");
        }
        if (header != null) {
            if (header.isBlank()) {
                throw new BadCredential("X-API-Key is empty.");
            }
            return Optional.of(new Presented(header.strip(), true));
        }
        if (authorization == null) {
            return Optional.empty();
        }
        String[] parts = authorization.strip().split("\\s+", 2);
        if (parts.length != 2 || !parts[0].toLowerCase(Locale.ROOT).equals("bearer") || parts[1].isBlank()) {
            throw new BadCredential("Authorization must be 'Bearer <API key or token>'.");
        }
        return Optional.of(new Presented(parts[1].strip(), false));
    }

    /** Three base64url parts separated by dots: a JWT's compact form (an API key never has dots). */
    static boolean looksLikeJwt(String value) {
        return JWT_SHAPE.matcher(value).matches();
    }

    private static final java.util.regex.Pattern JWT_SHAPE =
            java.util.regex.Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]*");

    static final class BadCredential extends Exception {
        BadCredential(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Authenticates the credential a request presents: an API key (in {@code X-API-Key}, or a bearer
     * value that looks like one) or, with {@code jwt} on, a bearer token. A credential that is
     * presented and not valid is refused here, whatever the route.
     */
    static final class CredentialFilter extends OncePerRequestFilter {

        private final AuthMode mode;
        private final ApiKeys keys;
        private final BearerTokens tokens;
        private final RateLimiter limiter;
        private final ObjectMapper json;

        CredentialFilter(AuthMode mode, ApiKeys keys, BearerTokens tokens, RateLimiter limiter, ObjectMapper json) {
            this.mode = mode;
            this.keys = keys;
            this.tokens = tokens;
            this.limiter = limiter;
            this.json = json;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            Optional<Presented> presented;
            try {
                presented = presented(request);
            } catch (BadCredential bad) {
                unauthenticated(json, request, response, bad.getMessage());
                return;
            }
            if (presented.isEmpty()) {
                chain.doFilter(request, response);
                return;
            }
            var credential = presented.get();
            boolean apiKey = credential.apiKeyHeader() || !mode.jwt() || !looksLikeJwt(credential.value());
            ClientAuthentication client;
            if (apiKey) {
                if (!mode.apiKeys()) {
                    unauthenticated(json, request, response, "API keys are not accepted here; send a bearer token.");
                    return;
                }
                var found = keys.authenticate(credential.value());
                if (found.isEmpty()) {
                    unauthenticated(json, request, response, "The API key is not valid (unknown, revoked or expired).");
                    return;
                }
                client = found.get();
            } else {
                Object outcome = tokens.authenticate(credential.value());
                if (outcome instanceof BearerTokens.Unavailable unavailable) {
                    response.setHeader(HttpHeaders.RETRY_AFTER, "1");
                    Problems.write(
                            json,
                            response,
                            ProblemCode.AUTH_UNAVAILABLE,
                            "The bearer token could not be checked: " + unavailable.reason() + ". Retry shortly.",
                            request.getRequestURI());
                    return;
                }
                if (outcome instanceof BearerTokens.Refusal refusal) {
                    unauthenticated(
                            json, request, response, "The bearer token is not valid: " + refusal.reason() + ".");
                    return;
                }
                client = (ClientAuthentication) outcome;
            }
            request.setAttribute(RequestLogFilter.PRINCIPAL_ATTRIBUTE, client.getName());
            var wait = limiter.acquire(client.getName());
            if (wait.isPresent()) {
                response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, wait.getAsLong())));
                Problems.write(
                        json,
                        response,
                        ProblemCode.RATE_LIMITED,
                        "This credential sent more requests than its rate allows; nothing was done. Retry after "
                                + Math.max(1, wait.getAsLong()) + " s.",
                        request.getRequestURI());
                return;
            }
            var context = SecurityContextHolder.createEmptyContext();
            context.setAuthentication(client);
            SecurityContextHolder.setContext(context);
            try {
                chain.doFilter(request, response);
            } finally {
                SecurityContextHolder.clearContext();
            }
        }
    }

    /** Grants a request whose credential has the scope its route needs. */
    static final class ScopeAuthorization implements AuthorizationManager<RequestAuthorizationContext> {

        @Override
        public AuthorizationResult authorize(
                java.util.function.Supplier<? extends org.springframework.security.core.Authentication> who,
                RequestAuthorizationContext context) {
            String scope = RouteScopes.required(context.getRequest());
            if (scope.equals(RouteScopes.PUBLIC)) {
                return new AuthorizationDecision(true);
            }
            var authentication = who.get();
            boolean authenticated = authentication instanceof ClientAuthentication;
            if (scope.equals(RouteScopes.ANY)) {
                return new AuthorizationDecision(authenticated);
            }
            context.getRequest().setAttribute(REQUIRED_SCOPE, scope);
            return new AuthorizationDecision(authenticated
                    && authentication.getAuthorities().stream()
                            .anyMatch(a -> a.getAuthority().equals("SCOPE_" + scope)));
        }
    }

    static void unauthenticated(
            ObjectMapper json, HttpServletRequest request, HttpServletResponse response, String detail)
            throws IOException {
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, REALM);
        Problems.write(json, response, ProblemCode.UNAUTHENTICATED, detail, request.getRequestURI());
    }

    /** 401 for a request without a credential where one is needed. */
    static AuthenticationEntryPoint entryPoint(ObjectMapper json) {
        return (HttpServletRequest request, HttpServletResponse response, AuthenticationException failed) ->
                unauthenticated(
                        json,
                        request,
                        response,
                        "This route needs a credential: an API key in X-API-Key, or Authorization: Bearer with an API"
                                + " key or a token.");
    }

    /** 403 for a credential without the route's scope, naming the scope. */
    static AccessDeniedHandler denied(ObjectMapper json) {
        return (HttpServletRequest request, HttpServletResponse response, AccessDeniedException failed) -> {
            Object scope = request.getAttribute(REQUIRED_SCOPE);
            Problems.write(
                    json,
                    response,
                    ProblemCode.FORBIDDEN,
                    scope == null
                            ? "This credential may not use this route."
                            : "This route needs the scope '" + scope + "', which this credential does not have.",
                    request.getRequestURI());
        };
    }
}
