package io.bankcore.app.ops;

import org.axonframework.axonserver.connector.AxonServerConnectionManager;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The connection to Axon Server (health component {@code axonServer}), under the {@code axonserver}
 * profile: {@code UP} while the connector holds a connection for the application's context,
 * {@code DOWN} (503) with the reason otherwise. It only reads the connector's state and never dials
 * itself: the connector reconnects on its own, and this turns UP again when it has.
 *
 * <p>Part of the readiness group (a load balancer stops sending traffic: every write needs Axon
 * Server) but not of liveness: restarting the instance cannot bring Axon Server back.
 */
public class AxonServerHealthIndicator implements HealthIndicator {

    private final AxonServerConnectionManager connections;
    private final String servers;

    public AxonServerHealthIndicator(AxonServerConnectionManager connections, String servers) {
        this.connections = connections;
        this.servers = servers;
    }

    @Override
    public Health health() {
        String context = connections.getDefaultContext();
        boolean opened = connections.connections().containsKey(context);
        boolean connected = opened && connections.isConnected(context);
        var health = connected ? Health.up() : Health.down();
        health.withDetail("servers", servers).withDetail("context", context).withDetail("connected", connected);
        if (!connected) {
            health.withDetail(
                    "reason",
                    opened
                            ? "no connection to Axon Server at " + servers + " (context " + context
                                    + "); the connector keeps retrying"
                            : "the connection to Axon Server at " + servers + " (context " + context
                                    + ") has not been opened yet");
        }
        return health.build();
    }
}
