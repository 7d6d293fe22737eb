import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConnectionFactory;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * The event feed's sinks, measured (scripts/sink-throughput.sh runs it; not part of the build).
 *
 * <p>{@code receiver PORT EXCHANGE}: a webhook receiver on 127.0.0.1:PORT answering 204, and a queue bound to
 * every routing key of EXCHANGE, drained as it fills; runs until killed (the deposit-cost runs).
 *
 * <p>{@code drain BASE_URL SINK}: started before the sink, polls GET BASE_URL/admin/processors every 20 ms;
 * from the first sight of the sink to its lag reaching 0, prints the events it delivered per second.
 */
public class SinkThroughput {

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "receiver" -> receiver(Integer.parseInt(args[1]), args[2]);
            case "drain" -> drain(args[1], args[2]);
            default -> throw new IllegalArgumentException("receiver PORT EXCHANGE | drain BASE_URL SINK");
        }
    }

    static void receiver(int port, String exchange) throws Exception {
        AtomicLong hooks = new AtomicLong();
        AtomicLong messages = new AtomicLong();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 256);
        server.createContext("/hook", exchangeContext -> {
            try (exchangeContext) {
                exchangeContext.getRequestBody().readAllBytes();
                hooks.incrementAndGet();
                exchangeContext.sendResponseHeaders(204, -1);
            }
        });
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
        var factory = new ConnectionFactory();
        factory.setUri("amqp://guest:guest@127.0.0.1:5672");
        var connection = factory.newConnection("bankcore-sink-throughput");
        Channel channel = connection.createChannel();
        channel.exchangeDeclare(exchange, "topic", true);
        String queue = channel.queueDeclare("", false, true, true, null).getQueue();
        channel.queueBind(queue, exchange, "#");
        channel.basicConsume(queue, true, (tag, delivery) -> messages.incrementAndGet(), tag -> {});
        System.out.println("receiver ready on " + port + ", queue " + queue);
        while (true) {
            Thread.sleep(5000);
            System.out.println("received: webhooks " + hooks.get() + ", messages " + messages.get());
        }
    }

    static void drain(String base, String sink) throws Exception {
        var http = HttpClient.newHttpClient();
        var lag = Pattern.compile("\"name\":\"" + Pattern.quote(sink) + "[^\"]*\"[^\\]]*?\"lag_events\":(\\d+)");
        long initial = -1;
        long started = 0;
        while (true) {
            String body;
            try {
                body = http.send(
                                HttpRequest.newBuilder(URI.create(base + "/admin/processors")).build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body();
            } catch (java.io.IOException notUpYet) {
                Thread.sleep(20);
                continue;
            }
            var m = lag.matcher(body);
            long now = System.nanoTime();
            if (m.find()) {
                long behind = Long.parseLong(m.group(1));
                if (initial < 0) {
                    // Seen first: the sink has just been created and started (the poller runs before).
                    initial = behind;
                    started = now;
                    System.out.println(sink + ": first seen " + behind + " events behind");
                }
                if (behind == 0) {
                    double seconds = (now - started) / 1e9;
                    System.out.printf(
                            "%s: %d events in %.2f s = %.0f events/s%n", sink, initial, seconds, initial / seconds);
                    return;
                }
            }
            Thread.sleep(20);
        }
    }
}
