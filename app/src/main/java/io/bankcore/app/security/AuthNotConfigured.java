package io.bankcore.app.security;

/** The service was started where an authentication mode must be chosen, and none was. */
public class AuthNotConfigured extends IllegalStateException {

    public AuthNotConfigured(String message) {
        super(message);
    }
}
