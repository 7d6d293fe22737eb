package io.bankcore.app.security;

import java.util.Set;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** An authenticated API key: its id is the principal's name; the secret is nowhere in it. */
public class ApiKeyAuthentication extends AbstractAuthenticationToken {

    private final String keyId;
    private final String keyName;
    private final Set<String> scopes;
    private final java.util.Optional<String> tenant;

    public ApiKeyAuthentication(String keyId, String keyName, Set<String> scopes, java.util.Optional<String> tenant) {
        super(scopes.stream().map(s -> new SimpleGrantedAuthority("SCOPE_" + s)).toList());
        this.keyId = keyId;
        this.keyName = keyName;
        this.scopes = Set.copyOf(scopes);
        this.tenant = tenant;
        setAuthenticated(true);
    }

    @Override
    public Object getCredentials() {
        return null;
    }

    @Override
    public Object getPrincipal() {
        return keyId;
    }

    @Override
    public String getName() {
        return "key:" + keyId;
    }

    public String keyName() {
        return keyName;
    }

    public Set<String> scopes() {
        return scopes;
    }

    /** The account-number prefix the key is bound to, if any. */
    public java.util.Optional<String> tenant() {
        return tenant;
    }
}
