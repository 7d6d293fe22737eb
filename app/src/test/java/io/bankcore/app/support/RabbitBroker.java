package io.bankcore.app.support;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * The RabbitMQ server every development and CI machine runs ({@code 127.0.0.1:5672}, guest/guest;
 * {@code .ci/run} starts it when it is down). Each test gets its own exchange and a queue bound to all
 * of it, deleted when the JVM exits. When the server is unreachable, tests fail in CI ({@code CI} set)
 * and are skipped with a loud message elsewhere, as with {@link PostgresDatabase}.
 */
public final class RabbitBroker implements AutoCloseable {

    public static final String HOST = env("BANKCORE_TEST_AMQP_HOST", "127.0.0.1");
    public static final int PORT = Integer.parseInt(env("BANKCORE_TEST_AMQP_PORT", "5672"));
    public static final String URL = "amqp://guest:guest@" + HOST + ":" + PORT;

    /** One message as consumed: its routing key, message id and body. */
    public record Consumed(String routingKey, String messageId, long position, String body) {}

    private final Connection connection;
    private final Channel channel;
    private final String exchange;
    private final String queue;

    private RabbitBroker(Connection connection, String exchange, String queue) throws IOException {
        this.connection = connection;
        this.channel = connection.createChannel();
        this.exchange = exchange;
        this.queue = queue;
        channel.exchangeDeclare(exchange, "topic", true);
        channel.queueDeclare(queue, false, false, false, null);
        channel.queueBind(queue, exchange, "#");
    }

    /** A fresh exchange with a queue bound to every routing key. */
    public static RabbitBroker create(String label) {
        String suffix = label.toLowerCase(Locale.ROOT) + "-"
                + UUID.randomUUID().toString().substring(0, 8);
        try (var probe = new Socket()) {
            probe.connect(new InetSocketAddress(HOST, PORT), 2000);
        } catch (IOException unreachable) {
            String message = "RabbitMQ is not reachable at " + HOST + ":" + PORT + ": " + unreachable.getMessage();
            if (System.getenv("CI") != null) {
                throw new IllegalStateException(
                        message + " (CI is set, so this test must not be skipped)", unreachable);
            }
            System.err.println("\n*** SKIPPING RabbitMQ test: " + message + " ***\n");
            Assumptions.abort(message);
        }
        try {
            var factory = new ConnectionFactory();
            factory.setUri(URL);
            var broker = new RabbitBroker(
                    factory.newConnection("bankcore-test"), "bankcore.test." + suffix, "bankcore-test-" + suffix);
            Runtime.getRuntime().addShutdownHook(new Thread(broker::close));
            return broker;
        } catch (Exception failed) {
            throw new IllegalStateException("cannot set up RabbitMQ for the test: " + failed, failed);
        }
    }

    public String exchange() {
        return exchange;
    }

    /** Every message waiting in the queue now, in queue order (acknowledged as taken). */
    public synchronized List<Consumed> drain() throws IOException {
        var messages = new ArrayList<Consumed>();
        GetResponse response;
        while ((response = channel.basicGet(queue, true)) != null) {
            Object position = response.getProps().getHeaders() == null
                    ? null
                    : response.getProps().getHeaders().get("bankcore-position");
            messages.add(new Consumed(
                    response.getEnvelope().getRoutingKey(),
                    response.getProps().getMessageId(),
                    position == null ? -1 : ((Number) position).longValue(),
                    new String(response.getBody(), StandardCharsets.UTF_8)));
        }
        return messages;
    }

    @Override
    public synchronized void close() {
        try {
            if (channel.isOpen()) {
                channel.queueDelete(queue);
                channel.exchangeDelete(exchange);
            }
            connection.close();
        } catch (IOException | com.rabbitmq.client.AlreadyClosedException ignored) {
            // best effort: names are unique, a leftover disturbs nothing
        }
    }

    private static String env(String key, String fallback) {
        String value = System.getenv(key);
        return value == null || value.isBlank() ? fallback : value;
    }
}
