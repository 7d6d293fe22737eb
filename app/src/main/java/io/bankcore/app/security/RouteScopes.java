package io.bankcore.app.security;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Which scope each route needs. One table, read by the authorization check and by the 403 that names
 * the missing scope.
 *
 * <ul>
 *   <li>public: liveness and readiness, the API documents ({@code /docs}, {@code /openapi.json}) and the
 *       operations page's static files (the page asks for an admin key and sends it with its calls);
 *   <li>{@code accounts:read}: accounts and lists of them, balances, ledgers, statements, account
 *       events, a transfer's state and lists of transfers;
 *   <li>{@code accounts:write}: opening accounts, deposits, withdrawals, changing an account's description
 *       and metadata or its overdraft limit;
 *   <li>{@code transfers:write}: transfers, and posting, voiding and reversing them;
 *   <li>{@code events:read}: the event feed ({@code /events}, {@code /events/stream}): every account's
 *       movements, so a tenant-bound credential is refused there;
 *   <li>{@code admin}: everything under {@code /admin}, the actuator (metrics, health details);
 *   <li>any other path needs a valid credential of any scope, and then answers as it would (404, 405).
 * </ul>
 */
public final class RouteScopes {

    public static final String ACCOUNTS_READ = "accounts:read";
    public static final String ACCOUNTS_WRITE = "accounts:write";
    public static final String TRANSFERS_WRITE = "transfers:write";
    public static final String EVENTS_READ = "events:read";
    public static final String ADMIN = "admin";
    public static final java.util.List<String> ALL =
            java.util.List.of(ACCOUNTS_READ, ACCOUNTS_WRITE, TRANSFERS_WRITE, EVENTS_READ, ADMIN);

    /** No credential needed. */
    static final String PUBLIC = "";
    /** A valid credential, of any scope. */
    static final String ANY = "*";

    private RouteScopes() {}

    static String required(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        String method = request.getMethod();
        if (path.equals("/actuator/health/liveness")
                || path.equals("/actuator/health/readiness")
                || path.equals("/docs")
                || path.startsWith("/docs/")
                || path.startsWith("/swagger-ui")
                || path.equals("/openapi.json")
                || path.startsWith("/openapi.json/")
                || path.equals("/ops")
                || path.startsWith("/ops/")) {
            return PUBLIC;
        }
        if (path.equals("/admin") || path.startsWith("/admin/") || path.startsWith("/actuator")) {
            return ADMIN;
        }
        String[] segments = path.split("/", -1);
        boolean get = method.equals("GET") || method.equals("HEAD");
        boolean post = method.equals("POST");
        if (segments.length == 2 && segments[1].equals("accounts") && post) {
            return ACCOUNTS_WRITE;
        }
        if ((segments.length == 2 || segments.length == 3) && segments[1].equals("accounts") && get) {
            return ACCOUNTS_READ;
        }
        if (segments.length == 3 && segments[1].equals("accounts") && method.equals("PATCH")) {
            return ACCOUNTS_WRITE;
        }
        if (segments.length == 4 && segments[1].equals("accounts")) {
            String leaf = segments[3];
            if (get
                    && (leaf.equals("balance")
                            || leaf.equals("transactions")
                            || leaf.equals("statement")
                            || leaf.equals("events")
                            || leaf.equals("reservations"))) {
                return ACCOUNTS_READ;
            }
            if (post && (leaf.equals("deposit") || leaf.equals("withdraw"))) {
                return ACCOUNTS_WRITE;
            }
            if (method.equals("PUT") && leaf.equals("overdraft-limit")) {
                return ACCOUNTS_WRITE;
            }
            // The account lifecycle is an operator's decision (compliance, support), not a client's.
            if (post && (leaf.equals("freeze") || leaf.equals("unfreeze") || leaf.equals("close"))) {
                return ADMIN;
            }
        }
        if (get
                && segments[1].equals("events")
                && (segments.length == 2 || (segments.length == 3 && segments[2].equals("stream")))) {
            return EVENTS_READ;
        }
        if (segments.length == 2 && segments[1].equals("transfers") && post) {
            return TRANSFERS_WRITE;
        }
        if (segments.length == 3 && segments[1].equals("transfers") && segments[2].equals("batch") && post) {
            return TRANSFERS_WRITE;
        }
        if ((segments.length == 2 || segments.length == 3) && segments[1].equals("transfers") && get) {
            return ACCOUNTS_READ;
        }
        if (segments.length == 4
                && segments[1].equals("transfers")
                && post
                && (segments[3].equals("post") || segments[3].equals("void") || segments[3].equals("reverse"))) {
            return TRANSFERS_WRITE;
        }
        return ANY;
    }
}
