package io.bankcore.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code docker-compose.yml} cannot be run here (no Docker daemon, no compose plugin), so it is read:
 * the services and profiles are the documented ones, every image is one that exists (a public image or
 * the repository's Dockerfile), every variable passed to bankcore is one bankcore reads (a placeholder in
 * its configuration files, or a property its code reads, matched with Spring's own environment-variable
 * rules), its profiles have configuration files, and the addresses point at services of the file.
 */
class DockerComposeTest {

    static final Path ROOT = root();
    static final Path RESOURCES = ROOT.resolve("app/src/main/resources");

    static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("docker-compose.yml"))) {
            dir = dir.getParent();
        }
        assertThat(dir)
                .as("docker-compose.yml above " + Path.of("").toAbsolutePath())
                .isNotNull();
        return dir;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Object>> services() throws IOException {
        Map<String, Object> compose = new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml")));
        return (Map<String, Map<String, Object>>) compose.get("services");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> environment(Map<String, Object> service) {
        return (Map<String, Object>) service.getOrDefault("environment", Map.of());
    }

    static List<String> strings(Object list) {
        return list == null
                ? List.of()
                : ((List<?>) list).stream().map(String::valueOf).toList();
    }

    static List<String> profiles(Map<String, Object> service) {
        Object profiles = service.get("profiles");
        return profiles == null
                ? List.of()
                : ((List<?>) profiles).stream().map(String::valueOf).toList();
    }

    /** Placeholders ({@code ${NAME:default}}) in the configuration files, and properties the code reads. */
    static Set<String> namesBankcoreReads() throws IOException {
        var names = new HashSet<String>();
        var placeholder = Pattern.compile("\\$\\{([A-Za-z0-9_.-]+)");
        try (Stream<Path> files = Files.list(RESOURCES)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("application"))
                    .toList()) {
                placeholder.matcher(Files.readString(file)).results().forEach(m -> names.add(m.group(1)));
            }
        }
        try (Stream<Path> sources = Files.walk(ROOT)) {
            for (Path source : sources.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> p.toString().contains("/src/main/java/"))
                    .toList()) {
                placeholder.matcher(Files.readString(source)).results().forEach(m -> names.add(m.group(1)));
            }
        }
        // Spring Boot's own, set by their standard variables, and OpenTelemetry's, which Spring Boot maps.
        names.addAll(List.of(
                "spring.profiles.active",
                "spring.datasource.url",
                "spring.datasource.username",
                "spring.datasource.password",
                "OTEL_EXPORTER_OTLP_ENDPOINT"));
        return names;
    }

    @Test
    void postgres_and_bankcore_always_axon_server_and_its_variant_under_the_profile() throws IOException {
        var services = services();
        assertThat(services)
                .containsOnlyKeys(
                        "postgres",
                        "bankcore",
                        "axonserver",
                        "bankcore-axonserver",
                        "rabbitmq",
                        "prometheus",
                        "grafana",
                        "jaeger");
        assertThat(profiles(services.get("rabbitmq"))).containsExactly("amqp");
        assertThat(services.get("rabbitmq").get("image")).isEqualTo("rabbitmq:4-management");
        assertThat(strings(services.get("rabbitmq").get("ports"))).contains("5672:5672");
        assertThat(String.valueOf(environment(services.get("bankcore")).get("BANKCORE_AMQP_URL")))
                .isEqualTo("${BANKCORE_AMQP_URL:-}");
        assertThat(profiles(services.get("postgres"))).isEmpty();
        assertThat(profiles(services.get("bankcore"))).isEmpty();
        assertThat(profiles(services.get("axonserver"))).containsExactly("axonserver");
        assertThat(profiles(services.get("bankcore-axonserver"))).containsExactly("axonserver");
        assertThat(environment(services.get("bankcore"))).containsEntry("SPRING_PROFILES_ACTIVE", "postgres");
        for (String bankcore : List.of("bankcore", "bankcore-axonserver")) {
            // The postgres profile needs an explicit mode: compose passes it, and refuses to start without it.
            assertThat(String.valueOf(environment(services.get(bankcore)).get("BANKCORE_AUTH")))
                    .startsWith("${BANKCORE_AUTH:?");
        }
        assertThat(environment(services.get("bankcore-axonserver")))
                .containsEntry("SPRING_PROFILES_ACTIVE", "postgres,axonserver");
        assertThat(strings(services.get("axonserver").get("ports"))).contains("8024:8024", "8124:8124");
        // two bankcores at once: distinct host ports
        assertThat(strings(services.get("bankcore").get("ports"))).containsExactly("8000:8000");
        assertThat(strings(services.get("bankcore-axonserver").get("ports"))).containsExactly("8001:8000");
    }

    @Test
    void every_image_exists_bankcore_is_built_by_the_repositorys_dockerfile() throws IOException {
        var services = services();
        assertThat(services.get("postgres").get("image")).isEqualTo("postgres:15");
        assertThat(services.get("axonserver").get("image")).isEqualTo("axoniq/axonserver:4.6.11");
        // Settings Axon Server 4.6 knows (axoniq.axonserver.name and .hostname); not 2023+'s "standalone".
        assertThat(environment(services.get("axonserver")))
                .containsOnlyKeys("AXONIQ_AXONSERVER_NAME", "AXONIQ_AXONSERVER_HOSTNAME")
                .containsEntry("AXONIQ_AXONSERVER_HOSTNAME", "axonserver");
        for (String bankcore : List.of("bankcore", "bankcore-axonserver")) {
            assertThat(services.get(bankcore).get("build")).isEqualTo(".");
        }
        assertThat(ROOT.resolve("Dockerfile")).exists();
        assertThat(Files.readString(ROOT.resolve("Dockerfile"))).contains("app/target/bankcore.jar");
        for (var service : services.values()) {
            Object image = service.get("image");
            assertThat(image != null || service.containsKey("build"))
                    .as(service.toString())
                    .isTrue();
        }
    }

    @Test
    void every_variable_passed_to_bankcore_is_one_it_reads() throws IOException {
        Set<String> reads = namesBankcoreReads();
        var services = services();
        for (String name : List.of("bankcore", "bankcore-axonserver")) {
            Map<String, Object> env = environment(services.get(name));
            for (String variable : env.keySet()) {
                var alone = new SystemEnvironmentPropertySource("compose", Map.of(variable, env.get(variable)));
                boolean read = reads.contains(variable) || reads.stream().anyMatch(alone::containsProperty);
                assertThat(read)
                        .as(name + ": " + variable + " is not read by bankcore (reads " + reads + ")")
                        .isTrue();
            }
            for (String profile :
                    String.valueOf(env.get("SPRING_PROFILES_ACTIVE")).split(",")) {
                assertThat(RESOURCES.resolve("application-" + profile + ".yml")).exists();
            }
        }
    }

    @Test
    void addresses_point_at_services_of_the_file_and_databases_that_get_created() throws IOException {
        var services = services();
        Map<String, Object> plain = environment(services.get("bankcore"));
        Map<String, Object> variant = environment(services.get("bankcore-axonserver"));
        assertThat(plain.get("SPRING_DATASOURCE_URL")).isEqualTo("jdbc:postgresql://postgres:5432/bankcore");
        assertThat(environment(services.get("postgres"))).containsEntry("POSTGRES_DB", "bankcore");
        // the variant's events are elsewhere, so its read tables must be too
        assertThat(variant.get("SPRING_DATASOURCE_URL"))
                .isEqualTo("jdbc:postgresql://postgres:5432/bankcore_axonserver");
        assertThat(strings(services.get("postgres").get("volumes")))
                .contains("./docker/postgres-init:/docker-entrypoint-initdb.d:ro");
        assertThat(Files.readString(ROOT.resolve("docker/postgres-init/01-axonserver-database.sql")))
                .contains("CREATE DATABASE bankcore_axonserver");
        assertThat(variant.get("AXONSERVER_SERVERS")).isEqualTo("axonserver:8124");
        assertThat(plain).doesNotContainKey("AXONSERVER_SERVERS");
        assertThat(plain.get("BANKCORE_NODE_ID")).isNotEqualTo(variant.get("BANKCORE_NODE_ID"));
    }
}
