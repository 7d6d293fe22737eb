package io.bankcore.app.tracing;

import java.util.Set;
import org.springframework.boot.autoconfigure.AutoConfigurationImportFilter;
import org.springframework.boot.autoconfigure.AutoConfigurationMetadata;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Traces are on only when an OTLP endpoint is configured: {@code OTEL_EXPORTER_OTLP_ENDPOINT} (or
 * {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT}, which Spring Boot maps to it), {@value #ENDPOINT}, or Spring
 * Boot 3's {@code management.otlp.tracing.endpoint} (application.yml reads it into the former), and none of
 * {@code OTEL_SDK_DISABLED}, {@code management.opentelemetry.enabled=false},
 * {@code management.tracing.export.enabled=false} turns them off.
 *
 * <p>Off, nothing of tracing is even configured, so that it costs nothing: as an auto-configuration
 * import filter (registered in {@code META-INF/spring.factories}) this leaves out Spring Boot's
 * OpenTelemetry SDK, Micrometer Tracing's observation handlers, the exporters and the exemplars; Axon
 * keeps its no-op span factory, and the app's own tracing beans ({@link TracingConfiguration}) are
 * not created.
 */
public final class TracingSwitch implements AutoConfigurationImportFilter, EnvironmentAware {

    static final String ENDPOINT = "management.opentelemetry.tracing.export.otlp.endpoint";

    /** What is left out when traces are off. */
    static final Set<String> TRACING_AUTO_CONFIGURATIONS = Set.of(
            "org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration",
            "org.springframework.boot.opentelemetry.autoconfigure.logging.OpenTelemetryLoggingAutoConfiguration",
            "org.springframework.boot.opentelemetry.autoconfigure.logging.otlp.OtlpLoggingAutoConfiguration",
            "org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration",
            "org.springframework.boot.micrometer.tracing.autoconfigure.otlp.OtlpExemplarsAutoConfiguration",
            "org.springframework.boot.micrometer.tracing.autoconfigure.prometheus.PrometheusExemplarsAutoConfiguration",
            "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration",
            "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpTracingAutoConfiguration",
            "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.zipkin.ZipkinWithOpenTelemetryTracingAutoConfiguration",
            "org.axonframework.springboot.autoconfig.OpenTelemetryAutoConfiguration");

    private Environment environment;

    /** Whether traces are exported (see the class comment). */
    public static boolean on(Environment environment) {
        return !environment.getProperty(ENDPOINT, "").isBlank()
                && environment.getProperty("management.opentelemetry.enabled", Boolean.class, true)
                && environment.getProperty("management.tracing.export.enabled", Boolean.class, true)
                && environment.getProperty("management.tracing.export.otlp.enabled", Boolean.class, true);
    }

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public boolean[] match(String[] autoConfigurationClasses, AutoConfigurationMetadata metadata) {
        boolean on = on(environment);
        var matches = new boolean[autoConfigurationClasses.length];
        for (int i = 0; i < matches.length; i++) {
            matches[i] = on
                    || autoConfigurationClasses[i] == null
                    || !TRACING_AUTO_CONFIGURATIONS.contains(autoConfigurationClasses[i]);
        }
        return matches;
    }

    /** The condition of the app's tracing beans. */
    static final class On implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return on(context.getEnvironment());
        }
    }
}
