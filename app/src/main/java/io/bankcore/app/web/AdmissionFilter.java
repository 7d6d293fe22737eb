package io.bankcore.app.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.ObjectMapper;

/**
 * Bounds the writes in flight on this instance. A write ({@code POST} to the public routes) waits at
 * most {@code bankcore.admission.max-wait} for one of {@code bankcore.admission.max-in-flight} places;
 * without one it is answered 503 {@code OVERLOADED} with {@code Retry-After} before anything of it
 * started, so the client knows that sending it again is safe. Beyond the bound, more concurrent writes
 * would only queue for database connections and aggregate locks, and time out somewhere less clear.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class AdmissionFilter extends OncePerRequestFilter {

    static final String RETRY_AFTER_SECONDS = "1";

    private final ObjectMapper json;
    private final Semaphore places;
    private final Duration maxWait;

    AdmissionFilter(
            ObjectMapper json,
            @Value("${bankcore.admission.max-in-flight:64}") int maxInFlight,
            @Value("${bankcore.admission.max-wait:1s}") Duration maxWait) {
        this.json = json;
        this.places = new Semaphore(maxInFlight);
        this.maxWait = maxWait;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return !"POST".equals(request.getMethod()) || !(path.startsWith("/accounts") || path.startsWith("/transfers"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean admitted;
        try {
            admitted = places.tryAcquire(maxWait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            admitted = false;
        }
        if (!admitted) {
            response.setStatus(ProblemCode.OVERLOADED.status().value());
            response.setHeader(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setCharacterEncoding("UTF-8");
            json.writeValue(
                    response.getOutputStream(),
                    Problems.body(
                            ProblemCode.OVERLOADED,
                            "Too many requests in progress; nothing was done. Retry after a second.",
                            request.getRequestURI(),
                            List.of()));
            return;
        }
        try {
            chain.doFilter(request, response);
        } finally {
            places.release();
        }
    }
}
