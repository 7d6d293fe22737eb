package io.bankcore.app.security;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * How clients authenticate ({@code BANKCORE_AUTH}): {@code none}, {@code api-key}, {@code jwt}, or
 * {@code api-key,jwt}. Under {@code none} every route is open, as the original's were.
 */
public record AuthMode(boolean apiKeys, boolean jwt) {

    public static final AuthMode NONE = new AuthMode(false, false);
    public static final String VALUES = "none, api-key, jwt or api-key,jwt";

    public static AuthMode parse(String raw) {
        Set<String> parts = new LinkedHashSet<>();
        for (String part : raw.split(",")) {
            parts.add(part.strip().toLowerCase(Locale.ROOT));
        }
        if (parts.equals(Set.of("none"))) {
            return NONE;
        }
        boolean apiKeys = parts.remove("api-key");
        boolean jwt = parts.remove("jwt");
        if (!parts.isEmpty() || !(apiKeys || jwt)) {
            throw new IllegalArgumentException("BANKCORE_AUTH must be " + VALUES + ", not '" + raw + "'");
        }
        return new AuthMode(apiKeys, jwt);
    }

    public boolean open() {
        return !apiKeys && !jwt;
    }

    @Override
    public String toString() {
        if (open()) {
            return "none";
        }
        return apiKeys && jwt ? "api-key,jwt" : apiKeys ? "api-key" : "jwt";
    }
}
