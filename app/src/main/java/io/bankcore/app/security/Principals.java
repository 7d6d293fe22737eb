package io.bankcore.app.security;

import org.springframework.security.core.context.SecurityContextHolder;

/** Who is making the current request, as far as the rest of the service needs to know. */
public final class Principals {

    private Principals() {}

    /** The client's name ({@code key:<id>}), or empty when authentication is off. */
    public static String client() {
        var authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication instanceof ClientAuthentication key ? key.getName() : "";
    }

    /** The account-number prefix the client is bound to, if it is bound to one. */
    public static java.util.Optional<String> tenant() {
        var authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication instanceof ClientAuthentication key ? key.tenant() : java.util.Optional.empty();
    }
}
