package io.bankcore.app;

import static io.bankcore.app.support.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.bankcore.app.support.Http;
import io.bankcore.app.support.PromQl;
import io.bankcore.app.support.WebhookReceiver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Grafana dashboard ({@code docker/monitoring/grafana/dashboards/bankcore.json}) queries only what
 * {@code /actuator/prometheus} exports: after deposits, withdrawals, a transfer, refusals, reads and a
 * webhook's deliveries, every metric name in every query of the dashboard is a series name of the
 * scrape, exactly as written (a histogram's {@code _bucket} included), and every label a query groups or
 * matches by is one its metrics carry. And every query goes to the one
 * data source variable, whose default is the provisioned Prometheus.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.datasource.url=jdbc:h2:mem:dashboard;DB_CLOSE_DELAY=-1;DB_CLOSE_ON_EXIT=FALSE",
            "bankcore.webhooks.allow-http=true",
            "bankcore.webhooks.allowed-addresses=loopback",
            "bankcore.sinks.poll-interval=20ms"
        })
class DashboardMetricsH2Test {

    static final Path GRAFANA = DockerComposeTest.ROOT.resolve("docker/monitoring/grafana");
    static final Path DASHBOARD = GRAFANA.resolve("dashboards/bankcore.json");
    static final String DATA_SOURCE = "${datasource}";

    @LocalServerPort
    int port;

    static JsonNode dashboard() throws IOException {
        return JsonMapper.builder().build().readTree(Files.readString(DASHBOARD));
    }

    /** Every panel of the dashboard, those inside collapsed rows included. */
    static List<JsonNode> panels(JsonNode dashboard) {
        var panels = new ArrayList<JsonNode>();
        for (JsonNode panel : dashboard.get("panels")) {
            panels.add(panel);
            if (panel.has("panels")) {
                panel.get("panels").forEach(panels::add);
            }
        }
        return panels;
    }

    /** Each query's PromQL, named by its panel and refId; template variables' queries too. */
    static Map<String, String> queries(JsonNode dashboard) {
        var queries = new LinkedHashMap<String, String>();
        for (JsonNode panel : panels(dashboard)) {
            if (!panel.has("targets")) {
                continue;
            }
            for (JsonNode target : panel.get("targets")) {
                queries.put(
                        panel.get("title").stringValue() + " / "
                                + target.get("refId").stringValue(),
                        target.get("expr").stringValue());
            }
        }
        return queries;
    }

    static Map<String, Set<String>> metricsByQuery(JsonNode dashboard) {
        var names = new LinkedHashMap<String, Set<String>>();
        queries(dashboard).forEach((where, expr) -> names.put(where, PromQl.metricNames(expr)));
        for (JsonNode variable : dashboard.get("templating").get("list")) {
            if (variable.get("type").stringValue().equals("query")) {
                JsonNode query = variable.get("query");
                String text = query.isObject() ? query.get("query").stringValue() : query.stringValue();
                names.put("variable " + variable.get("name").stringValue(), PromQl.variableMetricNames(text));
            }
        }
        return names;
    }

    private static final Pattern SAMPLE_LABEL = Pattern.compile("([a-zA-Z_]\\w*)=\"(?:[^\"\\\\]|\\\\.)*\"");

    /**
     * The series of a Prometheus text scrape: each sample line's name (before its labels or value), with
     * the label names its samples carry.
     */
    static Map<String, Set<String>> series(String scrape) {
        var series = new TreeMap<String, Set<String>>();
        for (String line : scrape.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.indexOf(' ');
            int end = brace >= 0 && brace < space ? brace : space;
            Set<String> labels = series.computeIfAbsent(line.substring(0, end), name -> new TreeSet<>());
            if (end == brace) {
                Matcher label = SAMPLE_LABEL.matcher(line.substring(brace, line.lastIndexOf('}') + 1));
                while (label.find()) {
                    labels.add(label.group(1));
                }
            }
        }
        return series;
    }

    private void traffic(Http http) {
        String from = http.openAccount(10_000);
        String to = http.openAccount(0);
        assertThat(http.post("/accounts/" + from + "/deposit", "{\"amount_cents\":500}")
                        .status())
                .isEqualTo(200);
        assertThat(http.post("/accounts/" + from + "/withdraw", "{\"amount_cents\":200}")
                        .status())
                .isEqualTo(200);
        var transfer = http.post(
                "/transfers",
                "{\"from_account_number\":\"" + from + "\",\"to_account_number\":\"" + to + "\",\"amount_cents\":300}");
        assertThat(transfer.status()).as(transfer.toString()).isEqualTo(200);
        var refused = http.post("/accounts/" + to + "/withdraw", "{\"amount_cents\":1000000}");
        assertThat(refused.status()).as(refused.toString()).isBetween(400, 499);
        assertThat(http.get("/accounts/" + from + "/balance").status()).isEqualTo(200);
        assertThat(http.get("/accounts/" + from + "/transactions").status()).isEqualTo(200);
        String id = transfer.json().get("correlation_id").stringValue();
        assertThat(http.get("/transfers/" + id).status()).isEqualTo(200);
        assertThat(http.get("/accounts/999999999/balance").status()).isBetween(400, 499);
    }

    @Test
    void every_metric_the_dashboard_queries_is_exported_after_some_traffic() throws Exception {
        var http = new Http(port);
        try (var receiver = new WebhookReceiver()) {
            var webhook = http.post("/admin/webhooks", "{\"url\":\"" + receiver.url() + "\"}");
            assertThat(webhook.status()).as(webhook.toString()).isEqualTo(201);
            receiver.secrets(webhook.json().get("secret").stringValue());
            traffic(http);
            await(
                    "the webhook's deliveries",
                    Duration.ofSeconds(20),
                    () -> receiver.received().size() >= 6);
        }
        // GC pause timers appear at the first pause this context hears of: a busy JVM has them, a test asks.
        long[] lastGc = {0};
        await("a GC pause in the scrape", Duration.ofSeconds(30), () -> {
            if (System.nanoTime() - lastGc[0] > Duration.ofSeconds(1).toNanos()) {
                System.gc();
                lastGc[0] = System.nanoTime();
            }
            return http.get("/actuator/prometheus").body().contains("jvm_gc_pause_seconds_count{");
        });
        var scrape = http.get("/actuator/prometheus");
        assertThat(scrape.status()).isEqualTo(200);
        Map<String, Set<String>> exported = series(scrape.body());

        Map<String, Set<String>> byQuery = metricsByQuery(dashboard());
        assertThat(byQuery).isNotEmpty();
        var missing = new ArrayList<String>();
        byQuery.forEach((where, names) -> {
            assertThat(names).as(where + " reads no metric").isNotEmpty();
            names.stream()
                    .filter(name -> !exported.containsKey(name))
                    .forEach(name -> missing.add(name + " (" + where + ")"));
        });
        assertThat(missing)
                .as("metrics the dashboard queries that /actuator/prometheus does not export")
                .isEmpty();

        // Labels grouped or matched by must be on the metrics queried (Prometheus adds instance and job).
        var unknownLabels = new ArrayList<String>();
        queries(dashboard()).forEach((where, expr) -> {
            var carried = new TreeSet<>(Set.of("instance", "job"));
            PromQl.metricNames(expr).forEach(name -> carried.addAll(exported.get(name)));
            PromQl.labelNames(expr).stream()
                    .filter(label -> !carried.contains(label))
                    .forEach(label -> unknownLabels.add(label + " (" + where + ")"));
        });
        assertThat(unknownLabels)
                .as("labels the dashboard's queries use that their metrics do not carry")
                .isEmpty();
        // The latency panels need the route histogram (management.metrics.distribution.percentiles-histogram).
        assertThat(scrape.body()).containsPattern("http_server_requests_seconds_bucket\\{[^}]*uri=\"/transfers\"");
    }

    @Test
    void every_query_goes_to_the_data_source_variable_whose_default_is_the_provisioned_prometheus() throws IOException {
        JsonNode dashboard = dashboard();
        for (JsonNode panel : panels(dashboard)) {
            if (!panel.has("targets")) {
                continue;
            }
            String title = panel.get("title").stringValue();
            assertThat(panel.get("datasource").get("uid").stringValue())
                    .as(title)
                    .isEqualTo(DATA_SOURCE);
            for (JsonNode target : panel.get("targets")) {
                assertThat(target.get("datasource").get("uid").stringValue())
                        .as(title)
                        .isEqualTo(DATA_SOURCE);
                String expr = target.get("expr").stringValue();
                // Every query follows the instance selector, and quantiles come from buckets by le.
                assertThat(expr).as(title).contains("instance=~\"$instance\"");
                if (expr.contains("histogram_quantile")) {
                    assertThat(expr).as(title).contains("_bucket").containsPattern("by \\(le\\b");
                }
            }
        }
        JsonNode variable = null;
        for (JsonNode v : dashboard.get("templating").get("list")) {
            if (v.get("name").stringValue().equals("datasource")) {
                variable = v;
            }
        }
        assertThat(variable).as("a datasource variable").isNotNull();
        assertThat(variable.get("type").stringValue()).isEqualTo("datasource");
        assertThat(variable.get("query").stringValue()).isEqualTo("prometheus");

        Map<String, Object> provisioned =
                new Yaml().load(Files.readString(GRAFANA.resolve("provisioning/datasources/prometheus.yml")));
        @SuppressWarnings("unchecked")
        var source = ((List<Map<String, Object>>) provisioned.get("datasources")).get(0);
        assertThat(source).containsEntry("type", "prometheus").containsEntry("url", "http://prometheus:9090");
        assertThat(variable.get("current").get("value").stringValue()).isEqualTo(source.get("uid"));
    }
}
