package io.bankcore.app.security;

import org.springframework.security.core.context.SecurityContextHolder;

/** Who is making the current request, as far as the rest of the service needs to know. */
public final class Principals {

    private Principals() {}

    /** The client's name ({@code key:<id>}), or empty when authentication is off. */
    public static String client() {
        var authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication instanceof ApiKeyAuthentication key ? key.getName() : "";
    }
}
