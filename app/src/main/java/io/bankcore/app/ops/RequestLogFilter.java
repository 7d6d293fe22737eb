package io.bankcore.app.ops;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * One log line per HTTP request, written when it ends: {@code GET /accounts/000001/balance 200 3ms}.
 * The path is the raw request URI (still percent-encoded, so a client cannot forge line breaks) without
 * the query string. Probes and scrapes under {@code /actuator/} are logged at DEBUG, not INFO: a load
 * balancer polling health every second would otherwise drown the traffic. This filter also owns the
 * request's logging context: a controller may put a transfer's correlation id in it, which then appears
 * on this line too, and it is cleared here when the request ends.
 */
public class RequestLogFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger("io.bankcore.requests");

    /** The request attribute under which authentication leaves the principal's name. */
    public static final String PRINCIPAL_ATTRIBUTE = "io.bankcore.principal";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long started = System.nanoTime();
        String previous = MDC.get(TransferMdc.KEY);
        int status = 500;
        try {
            chain.doFilter(request, response);
            status = response.getStatus();
        } finally {
            long durationMs = (System.nanoTime() - started) / 1_000_000;
            String path = request.getRequestURI();
            // Who made the request (a key's id, never its secret), once authentication knew it.
            Object principal = request.getAttribute(PRINCIPAL_ATTRIBUTE);
            String who = principal == null ? "" : " " + principal;
            if (path.startsWith("/actuator/")) {
                log.debug("{} {} {} {}ms{}", request.getMethod(), path, status, durationMs, who);
            } else {
                log.info("{} {} {} {}ms{}", request.getMethod(), path, status, durationMs, who);
            }
            if (previous == null) {
                MDC.remove(TransferMdc.KEY);
            } else {
                MDC.put(TransferMdc.KEY, previous);
            }
        }
    }

    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return true;
    }
}
