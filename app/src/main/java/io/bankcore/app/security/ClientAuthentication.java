package io.bankcore.app.security;

import java.util.Optional;
import java.util.Set;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * An authenticated client: an API key ({@code key:<id>}) or a bearer token's subject
 * ({@code jwt:<sub>}), its scopes and its tenant. No secret and no token is kept in it.
 */
public class ClientAuthentication extends AbstractAuthenticationToken {

    private final String name;
    private final String label;
    private final Set<String> scopes;
    private final Optional<String> tenant;

    private ClientAuthentication(String name, String label, Set<String> scopes, Optional<String> tenant) {
        super(scopes.stream().map(s -> new SimpleGrantedAuthority("SCOPE_" + s)).toList());
        this.name = name;
        this.label = label;
        this.scopes = Set.copyOf(scopes);
        this.tenant = tenant;
        setAuthenticated(true);
    }

    static ClientAuthentication apiKey(String keyId, String keyName, Set<String> scopes, Optional<String> tenant) {
        return new ClientAuthentication("key:" + keyId, keyName, scopes, tenant);
    }

    static ClientAuthentication token(String subject, Set<String> scopes, Optional<String> tenant) {
        return new ClientAuthentication("jwt:" + subject, subject, scopes, tenant);
    }

    @Override
    public Object getCredentials() {
        return null;
    }

    @Override
    public Object getPrincipal() {
        return name;
    }

    @Override
    public String getName() {
        return name;
    }

    /** The key's name, or the token's subject. */
    public String label() {
        return label;
    }

    public Set<String> scopes() {
        return scopes;
    }

    /** The account-number prefix the client is bound to, if any. */
    public Optional<String> tenant() {
        return tenant;
    }
}
