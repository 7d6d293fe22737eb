package io.bankcore.app.config;

import org.axonframework.common.AxonConfigurationException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * The {@code axonserver} profile has no default server address (a guessed one would start, log
 * "Started", and then fail every request); Axon refuses an empty one at start, and this says which
 * setting that is.
 */
class AxonServerAddressAnalyzer extends AbstractFailureAnalyzer<AxonConfigurationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, AxonConfigurationException cause) {
        if (cause.getMessage() == null || !cause.getMessage().contains("Routing Servers")) {
            return null;
        }
        return new FailureAnalysis(
                "The axonserver profile is active but no Axon Server address is configured.",
                "Set AXONSERVER_SERVERS to Axon Server's gRPC address, e.g. AXONSERVER_SERVERS=localhost:8124"
                        + " (several: comma-separated).",
                cause);
    }
}
