package io.bankcore.app.security;

import jakarta.servlet.DispatcherType;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import tools.jackson.databind.ObjectMapper;

/**
 * Authentication ({@code BANKCORE_AUTH}) and authorization by scope. The embedded default runs with
 * {@code none} and says so; under the {@code postgres} profile the service does not start until a
 * mode is chosen, {@code none} included.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
public class SecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);
    static final String OPEN_WARNING =
            "BANKCORE_AUTH=none: authentication is off, every route (money, ledgers, admin) is open to anyone"
                    + " who can reach the port";
    private static final int MIN_BOOTSTRAP_KEY_LENGTH = 32;

    /**
     * Spring Security's own observations (a timer and a span around every filter of its chain, and
     * around authentication and authorization) are off unless {@code bankcore.observations.security}
     * is true: on a liveness probe they took about a quarter of a request's CPU samples (JFR), while the
     * request's own observation ({@code http.server.requests}) stays.
     */
    @Bean
    SecurityObservationSettings securityObservations(
            @Value("${bankcore.observations.security:false}") boolean observe) {
        return observe
                ? SecurityObservationSettings.withDefaults().build()
                : SecurityObservationSettings.noObservations();
    }

    @Bean
    AuthMode authMode(Environment environment, @Value("${bankcore.auth:}") String raw) {
        if (raw == null || raw.isBlank()) {
            if (environment.acceptsProfiles(Profiles.of("postgres", "axonserver"))) {
                throw new AuthNotConfigured("No authentication mode is configured (BANKCORE_AUTH), and this"
                        + " profile does not start without one.");
            }
            raw = "none";
        }
        AuthMode mode;
        try {
            mode = AuthMode.parse(raw);
        } catch (IllegalArgumentException wrong) {
            throw new AuthNotConfigured(wrong.getMessage());
        }
        if (mode.open()) {
            log.warn(OPEN_WARNING);
        } else {
            log.info("authentication: {}", mode);
        }
        return mode;
    }

    @Bean
    ApiKeys apiKeys(
            JdbcTemplate jdbc,
            AuthMode mode,
            @Value("${bankcore.api-keys.cache-ttl:2s}") Duration cacheTtl,
            @Value("${BANKCORE_BOOTSTRAP_ADMIN_KEY:}") String bootstrap) {
        if (bootstrap.isBlank()) {
            bootstrap = null;
        }
        if (bootstrap != null && bootstrap.strip().length() < MIN_BOOTSTRAP_KEY_LENGTH) {
            throw new AuthNotConfigured("BANKCORE_BOOTSTRAP_ADMIN_KEY is shorter than " + MIN_BOOTSTRAP_KEY_LENGTH
                    + " characters; make one with: openssl rand -hex 32");
        }
        if (mode.apiKeys() && bootstrap == null) {
            log.info("no BANKCORE_BOOTSTRAP_ADMIN_KEY: only keys already created can administer this service");
        }
        return new ApiKeys(jdbc, Clock.systemUTC(), cacheTtl, bootstrap == null ? null : bootstrap.strip());
    }

    /** The bearer-token decoder, with {@code jwt} on; settings under {@code bankcore.jwt}. */
    @Bean
    BearerTokens bearerTokens(
            AuthMode mode,
            @Value("${bankcore.jwt.jwk-set-uri:}") String jwkSetUri,
            @Value("${bankcore.jwt.issuer-uri:}") String issuerUri,
            @Value("${bankcore.jwt.issuer:}") String issuer,
            @Value("${bankcore.jwt.audience:}") String audience,
            @Value("${bankcore.jwt.tenant-claim:bankcore_tenant}") String tenantClaim) {
        if (!mode.jwt()) {
            return new BearerTokens(
                    token -> {
                        throw new org.springframework.security.oauth2.jwt.BadJwtException("bearer tokens are off");
                    },
                    tenantClaim);
        }
        return BearerTokens.configure(jwkSetUri, issuerUri, issuer, audience, tenantClaim);
    }

    @Bean
    SecurityFilterChain securityFilterChain(
            HttpSecurity http, AuthMode mode, ApiKeys keys, BearerTokens tokens, RateLimiter limiter, ObjectMapper json)
            throws Exception {
        http.csrf(csrf -> csrf.disable())
                .formLogin(form -> form.disable())
                .httpBasic(basic -> basic.disable())
                .logout(logout -> logout.disable())
                .requestCache(cache -> cache.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
        if (mode.open()) {
            return http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                    .build();
        }
        return http.addFilterBefore(
                        new Authentication.CredentialFilter(mode, keys, tokens, limiter, json),
                        AnonymousAuthenticationFilter.class)
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint(Authentication.entryPoint(json))
                        .accessDeniedHandler(Authentication.denied(json)))
                .authorizeHttpRequests(requests -> requests
                        // An error page or forward answers for a request already authorized.
                        .dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.FORWARD)
                        .permitAll()
                        .anyRequest()
                        .access(new Authentication.ScopeAuthorization()))
                .build();
    }

    /**
     * Spring Security's firewall, loosened where the contract already decides: header values (an
     * {@code Idempotency-Key} of the wrong bytes is a 400 of its own, not a rejected request), any
     * method (405, not 400), parameter values, and the URL-encoded whitespace that account numbers
     * may carry (trimmed, as the original did). Path normalization, encoded slashes, periods and
     * backslashes stay refused: the route table reads the raw path. {@code RequestGuardFilter} runs
     * before it.
     */
    @Bean
    WebSecurityCustomizer firewall() {
        var firewall = new StrictHttpFirewall();
        firewall.setUnsafeAllowAnyHttpMethod(true);
        firewall.setAllowedHeaderNames(name -> true);
        firewall.setAllowedHeaderValues(value -> true);
        firewall.setAllowedParameterNames(name -> true);
        firewall.setAllowedParameterValues(value -> true);
        firewall.setAllowUrlEncodedCarriageReturn(true);
        firewall.setAllowUrlEncodedLineFeed(true);
        firewall.setAllowUrlEncodedLineSeparator(true);
        firewall.setAllowUrlEncodedParagraphSeparator(true);
        firewall.setAllowUrlEncodedPercent(true);
        return web -> web.httpFirewall(firewall);
    }

    @Bean
    InfoContributor authenticationInfo(AuthMode mode) {
        return builder -> builder.withDetail(
                "auth",
                mode.open()
                        ? Map.of("mode", mode.toString(), "warning", OPEN_WARNING)
                        : Map.of("mode", mode.toString()));
    }
}
