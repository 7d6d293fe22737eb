package io.bankcore.app.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.bankcore.app.events.DeliveryTracing;
import io.bankcore.app.support.AccountNumbers;
import io.bankcore.command.WritePipeline;
import io.bankcore.command.port.in.CreateAccountUseCase;
import io.bankcore.command.port.in.DepositUseCase;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.tracing.handler.TracingObservationHandler;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.axonframework.config.Configuration;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.tracing.NoOpSpanFactory;
import org.axonframework.tracing.SpanFactory;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.mock.env.MockEnvironment;

/**
 * With no OTLP endpoint configured (the default), nothing of tracing exists: no OpenTelemetry SDK, no
 * span processor or exporter, no tracing observation handler, Axon's no-op span factory, and none of
 * the app's tracing beans; writes work as ever and their events carry no trace context.
 */
@SpringBootTest(properties = "spring.datasource.url=jdbc:h2:mem:tracing-off;DB_CLOSE_DELAY=-1")
class TracingOffH2Test {

    @Autowired
    ApplicationContext context;

    @Autowired
    Configuration axon;

    @Autowired
    CreateAccountUseCase accounts;

    @Autowired
    DepositUseCase deposits;

    @Autowired
    EventStorageEngine store;

    @Test
    void without_an_endpoint_no_tracer_exporter_or_span_is_configured() {
        assertThat(context.getBeansOfType(OpenTelemetry.class)).isEmpty();
        assertThat(context.getBeansOfType(SdkTracerProvider.class)).isEmpty();
        assertThat(context.getBeansOfType(SpanProcessor.class)).isEmpty();
        assertThat(context.getBeansOfType(SpanExporter.class)).isEmpty();
        assertThat(context.getBeansOfType(ObservationHandler.class).values())
                .noneMatch(handler -> handler instanceof TracingObservationHandler);
        assertThat(context.getBeansOfType(TracingConfiguration.class)).isEmpty();
        assertThat(context.getBeansOfType(DeliveryTracing.class)).isEmpty();
        assertThat(context.getBeansOfType(WritePipeline.ThreadContext.class).values())
                .noneMatch(c -> c instanceof WritePipeline.BatchContext);
        assertThat(context.getBean(SpanFactory.class)).isSameAs(NoOpSpanFactory.INSTANCE);
        assertThat(axon.spanFactory()).isSameAs(NoOpSpanFactory.INSTANCE);
    }

    @Test
    void a_deposit_works_and_its_event_has_no_trace_context() {
        String account = AccountNumbers.fresh();
        accounts.createAccount(account, 0, "BRL");
        deposits.deposit(account, 500, "BRL");
        assertThat(store.readEvents(account).asStream())
                .hasSize(2)
                .allSatisfy(event -> assertThat(event.getMetaData()).doesNotContainKey("traceparent"));
    }

    @Test
    void the_switch_turns_on_only_with_an_endpoint_that_nothing_disables() {
        assertThat(TracingSwitch.on(new MockEnvironment())).isFalse();
        assertThat(TracingSwitch.on(new MockEnvironment().withProperty(TracingSwitch.ENDPOINT, " ")))
                .isFalse();
        var configured = new MockEnvironment().withProperty(TracingSwitch.ENDPOINT, "http://127.0.0.1:4318/v1/traces");
        assertThat(TracingSwitch.on(configured)).isTrue();
        assertThat(TracingSwitch.on(configured.withProperty("management.opentelemetry.enabled", "false")))
                .isFalse();
        var exportOff = new MockEnvironment()
                .withProperty(TracingSwitch.ENDPOINT, "http://127.0.0.1:4318/v1/traces")
                .withProperty("management.tracing.export.enabled", "false");
        assertThat(TracingSwitch.on(exportOff)).isFalse();
    }
}
