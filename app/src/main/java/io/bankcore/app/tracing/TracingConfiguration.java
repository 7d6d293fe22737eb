package io.bankcore.app.tracing;

import io.bankcore.app.events.DeliveryTracing;
import io.bankcore.command.WritePipeline;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.axonframework.commandhandling.CommandBusSpanFactory;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.EventBusSpanFactory;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.modelling.command.RepositorySpanFactory;
import org.axonframework.tracing.SpanFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingProperties;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.SpanExporters;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Traces, when an OTLP endpoint is configured ({@link TracingSwitch}): one trace per request, whose
 * spans are Spring's for the HTTP request, the write pipeline's ({@link PipelineTracing}), Axon's for
 * the command, its aggregate, each projection and saga step ({@link AxonSpans}, a selection of them:
 * {@link AxonSpanSelection}; {@link ProcessorSpanName}), the event store's append ({@link TracedEventStorage})
 * and the batch's commit; each event keeps the trace context in its metadata, and a sink's delivery of
 * it is a span linked to that context ({@link EventDeliveryTracing}).
 */
@Configuration(proxyBeanMethods = false)
@Conditional(TracingSwitch.On.class)
public class TracingConfiguration {

    /** The instrumentation scope of every span the app makes itself. */
    static final String SCOPE = "io.bankcore";

    /** Not a bean: Spring Boot's own tracer bean would step aside for it. */
    private static Tracer tracer(OpenTelemetry openTelemetry) {
        return openTelemetry.getTracer(SCOPE);
    }

    /** Replaces Axon's no-op span factory (its autoconfiguration steps aside for it). */
    @Bean
    SpanFactory axonSpanFactory(OpenTelemetry openTelemetry) {
        return new AxonSpans(tracer(openTelemetry));
    }

    @Bean
    CommandBusSpanFactory commandBusSpanFactory(SpanFactory axonSpanFactory) {
        return AxonSpanSelection.commandBus(axonSpanFactory);
    }

    @Bean
    EventBusSpanFactory eventBusSpanFactory(SpanFactory axonSpanFactory) {
        return AxonSpanSelection.eventBus(axonSpanFactory);
    }

    @Bean
    RepositorySpanFactory repositorySpanFactory() {
        return AxonSpanSelection.repository();
    }

    /**
     * Spans go straight to the exporter. Spring Boot's processor hands them through Micrometer's
     * composite exporter, which copies every span for span filters and reporters (the app has none);
     * the export settings are Spring Boot's ({@code management.opentelemetry.tracing.export.*}).
     */
    @Bean
    BatchSpanProcessor directSpanProcessor(SpanExporters exporters, OpenTelemetryTracingProperties properties) {
        var export = properties.getExport();
        return BatchSpanProcessor.builder(SpanExporter.composite(exporters.list()))
                .setExportUnsampledSpans(export.isIncludeUnsampled())
                .setExporterTimeout(export.getTimeout())
                .setMaxExportBatchSize(export.getMaxBatchSize())
                .setMaxQueueSize(export.getMaxQueueSize())
                .setScheduleDelay(export.getScheduleDelay())
                .build();
    }

    @Bean
    static BeanPostProcessor noHandlerMethodSpans() {
        return AxonSpanSelection.noHandlerMethodSpans();
    }

    @Bean
    WritePipeline.ThreadContext traceContextOnWriters(OpenTelemetry openTelemetry) {
        return new PipelineTracing(tracer(openTelemetry));
    }

    @Bean
    EventStoreTracing eventStoreTracing(OpenTelemetry openTelemetry) {
        return engine -> new TracedEventStorage(engine, tracer(openTelemetry));
    }

    @Bean
    DeliveryTracing deliveryTracing(OpenTelemetry openTelemetry, JdbcTemplate jdbc) {
        return new EventDeliveryTracing(tracer(openTelemetry), jdbc);
    }

    /** Static: Axon reads configurer modules while the buses are being built. */
    @Bean
    static ConfigurerModule processorSpanNames() {
        return configurer -> configurer.eventProcessing(processing ->
                processing.registerDefaultHandlerInterceptor((configuration, name) -> new ProcessorSpanName(name)));
    }

    /** Wraps the event store's storage engine so that its appends are spans. */
    @FunctionalInterface
    public interface EventStoreTracing {
        EventStorageEngine wrap(EventStorageEngine engine);
    }
}
