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

    /** The key in {@code X-API-Key} or {@code Authorization: Bearer}; empty when neither is sent. */
    static Optional<String> presented(HttpServletRequest request) throws BadCredential {
        String header = request.getHeader("X-API-Key");
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header != null && authorization != null) {
            throw new BadCredential("Send the key in X-API-Key or in Authorization, not in both.");
        }
        if (header != null) {
            if (header.isBlank()) {
                throw new BadCredential("X-API-Key is empty.");
            }
            return Optional.of(header.strip());
        }
        if (authorization == null) {
            return Optional.empty();
        }
        String[] parts = authorization.strip().split("\\s+", 2);
        if (parts.length != 2 || !parts[0].toLowerCase(Locale.ROOT).equals("bearer") || parts[1].isBlank()) {
            throw new BadCredential("Authorization must be 'Bearer <key>'.");
        }
        return Optional.of(parts[1].strip());
    }

    static final class BadCredential extends Exception {
        BadCredential(String message) {
            super(message, null, false, false);
        }
    }

    /** Authenticates the API key a request presents; a presented key that is not valid is refused here. */
    static final class ApiKeyFilter extends OncePerRequestFilter {

        private final ApiKeys keys;
        private final ObjectMapper json;

        ApiKeyFilter(ApiKeys keys, ObjectMapper json) {
            this.keys = keys;
            this.json = json;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            Optional<String> presented;
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
            var principal = keys.authenticate(presented.get());
            if (principal.isEmpty()) {
                unauthenticated(json, request, response, "The API key is not valid (unknown, revoked or expired).");
                return;
            }
            request.setAttribute(
                    RequestLogFilter.PRINCIPAL_ATTRIBUTE, principal.get().getName());
            var context = SecurityContextHolder.createEmptyContext();
            context.setAuthentication(principal.get());
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
            boolean authenticated = authentication instanceof ApiKeyAuthentication;
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
                        "This route needs a credential: an API key in X-API-Key or Authorization: Bearer.");
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
