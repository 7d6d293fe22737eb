package io.bankcore.app.security;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a missing or wrong {@code BANKCORE_AUTH} into a start-up message that says what to do. */
class AuthNotConfiguredAnalyzer extends AbstractFailureAnalyzer<AuthNotConfigured> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, AuthNotConfigured cause) {
        return new FailureAnalysis(
                cause.getMessage(),
                "Set BANKCORE_AUTH to " + AuthMode.VALUES + ", e.g. BANKCORE_AUTH=api-key with"
                        + " BANKCORE_BOOTSTRAP_ADMIN_KEY=$(openssl rand -hex 32); BANKCORE_AUTH=none opens every route"
                        + " to anyone who can reach the port. See README, \"Authentication\".",
                cause);
    }
}
