package io.bankcore.app;

import static io.bankcore.app.DockerComposeTest.ROOT;
import static io.bankcore.app.DockerComposeTest.environment;
import static io.bankcore.app.DockerComposeTest.profiles;
import static io.bankcore.app.DockerComposeTest.services;
import static io.bankcore.app.DockerComposeTest.strings;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The {@code monitoring} profile of {@code docker-compose.yml}, read as {@link DockerComposeTest} reads
 * the rest (no Docker here): Prometheus, Grafana and Jaeger under the profile only, pinned images,
 * Prometheus scraping the bankcore service at its port and actuator path with the mounted credential,
 * and every file mounted from the repository present, Grafana's provider pointing at the dashboards.
 */
class MonitoringComposeTest {

    static final List<String> MONITORING = List.of("prometheus", "grafana", "jaeger");

    @SuppressWarnings("unchecked")
    static Map<String, Object> yaml(Path file) throws IOException {
        return (Map<String, Object>) new Yaml().load(Files.readString(file));
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Object value) {
        return (List<Map<String, Object>>) value;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    /** The container path a host directory or file of the repository is mounted at, per its volume line. */
    static String mountOf(Map<String, Object> service, String hostPath) {
        for (String volume : strings(service.get("volumes"))) {
            String[] parts = volume.split(":");
            if (parts[0].equals(hostPath)) {
                return parts[1];
            }
        }
        throw new AssertionError(hostPath + " is not mounted: " + service.get("volumes"));
    }

    @Test
    void prometheus_grafana_and_jaeger_run_under_the_monitoring_profile_only_with_pinned_images() throws IOException {
        var services = services();
        for (String name : MONITORING) {
            assertThat(profiles(services.get(name))).as(name).containsExactly("monitoring");
            String image = String.valueOf(services.get(name).get("image"));
            assertThat(image).as(name).matches("[a-z/-]+:v?\\d+\\.\\d+\\.\\d+");
        }
        assertThat(services.get("prometheus").get("image")).isEqualTo("prom/prometheus:v3.5.0");
        assertThat(services.get("grafana").get("image")).isEqualTo("grafana/grafana:12.0.2");
        assertThat(services.get("jaeger").get("image")).isEqualTo("jaegertracing/all-in-one:1.76.0");
        // The plain `docker compose up` is unchanged: nothing without a profile depends on them.
        for (var entry : services.entrySet()) {
            if (profiles(entry.getValue()).isEmpty()) {
                assertThat(String.valueOf(entry.getValue().get("depends_on")))
                        .as(entry.getKey())
                        .doesNotContain("prometheus", "grafana", "jaeger");
            }
        }
        assertThat(strings(services.get("prometheus").get("ports"))).containsExactly("9090:9090");
        assertThat(strings(services.get("grafana").get("ports"))).containsExactly("3000:3000");
        assertThat(strings(services.get("jaeger").get("ports"))).contains("16686:16686", "4317:4317", "4318:4318");
        assertThat(environment(services.get("jaeger"))).containsEntry("COLLECTOR_OTLP_ENABLED", "true");
        // The admin password comes from the environment, with the documented local default.
        assertThat(environment(services.get("grafana")))
                .containsEntry("GF_SECURITY_ADMIN_PASSWORD", "${GRAFANA_ADMIN_PASSWORD:-admin}");
    }

    @Test
    void prometheus_scrapes_the_bankcore_service_at_its_port_and_actuator_path_with_the_mounted_key()
            throws IOException {
        var services = services();
        var prometheus = services.get("prometheus");
        Path config = ROOT.resolve("docker/monitoring/prometheus/prometheus.yml");
        assertThat(mountOf(prometheus, "./docker/monitoring/prometheus/prometheus.yml"))
                .isEqualTo("/etc/prometheus/prometheus.yml");
        assertThat(config).exists();

        var scrapes = list(yaml(config).get("scrape_configs"));
        assertThat(scrapes).hasSize(1);
        var scrape = scrapes.get(0);
        assertThat(scrape.get("metrics_path")).isEqualTo("/actuator/prometheus");
        var targets = strings(list(scrape.get("static_configs")).get(0).get("targets"));
        assertThat(targets).containsExactly("bankcore:8000");
        // bankcore listens on 8000 in its container (its port mapping's right-hand side).
        assertThat(strings(services.get("bankcore").get("ports"))).containsExactly("8000:8000");
        assertThat(environment(services.get("bankcore"))).doesNotContainKey("PORT");

        // The actuator is admin-only under api-key: the credential compose mounts is the one Prometheus sends.
        var authorization = map(scrape.get("authorization"));
        assertThat(authorization).containsEntry("type", "Bearer");
        var mounted = list(prometheus.get("configs")).get(0);
        assertThat(mounted.get("target")).isEqualTo(authorization.get("credentials_file"));
        var key =
                map(map(yaml(ROOT.resolve("docker-compose.yml")).get("configs")).get(mounted.get("source")));
        assertThat(String.valueOf(key.get("content")))
                .isEqualTo("${BANKCORE_METRICS_KEY:-${BANKCORE_BOOTSTRAP_ADMIN_KEY:-none}}");
    }

    @Test
    void grafana_provisions_the_prometheus_data_source_and_the_dashboards_folder_it_mounts() throws IOException {
        var grafana = services().get("grafana");
        String provisioning = mountOf(grafana, "./docker/monitoring/grafana/provisioning");
        String dashboards = mountOf(grafana, "./docker/monitoring/grafana/dashboards");
        assertThat(provisioning).isEqualTo("/etc/grafana/provisioning");
        Path local = ROOT.resolve("docker/monitoring/grafana");
        assertThat(local.resolve("provisioning/datasources/prometheus.yml")).exists();
        assertThat(local.resolve("dashboards/bankcore.json")).exists();

        var providers =
                list(yaml(local.resolve("provisioning/dashboards/bankcore.yml")).get("providers"));
        assertThat(providers).hasSize(1);
        assertThat(providers.get(0)).containsEntry("type", "file");
        assertThat(map(providers.get(0).get("options")).get("path")).isEqualTo(dashboards);
        assertThat(String.valueOf(environment(grafana).get("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH")))
                .isEqualTo(dashboards + "/bankcore.json");

        var sources = list(
                yaml(local.resolve("provisioning/datasources/prometheus.yml")).get("datasources"));
        assertThat(sources).hasSize(1);
        // The compose service's name and Prometheus's port.
        assertThat(sources.get(0).get("url")).isEqualTo("http://prometheus:9090");
        assertThat(services()).containsKey("prometheus");
    }

    @Test
    void every_file_of_the_repository_that_compose_mounts_exists() throws IOException {
        for (var service : services().entrySet()) {
            for (String volume : strings(service.getValue().get("volumes"))) {
                String host = volume.split(":")[0];
                if (host.startsWith("./")) {
                    assertThat(ROOT.resolve(host))
                            .as(service.getKey() + ": " + volume)
                            .exists();
                }
            }
        }
    }
}
