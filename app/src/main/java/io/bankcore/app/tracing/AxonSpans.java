package io.bankcore.app.tracing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.tracing.Span;
import org.axonframework.tracing.SpanAttributesProvider;
import org.axonframework.tracing.SpanFactory;
import org.axonframework.tracing.SpanScope;
import org.axonframework.tracing.SpanUtils;
import org.axonframework.tracing.attributes.MetadataSpanAttributesProvider;

/**
 * Axon's spans (command dispatch and handling, aggregate loading, event publication, every event
 * processor's handling, saga steps, handler invocations) as OpenTelemetry spans, with the trace context
 * carried in each message's metadata ({@code traceparent}): a command's events keep the context of the
 * request that caused them, in the event store, and their handlers' spans are children of it.
 *
 * <p>Axon's own {@code axon-tracing-opentelemetry} does the same but is not published for Axon 4.13.
 * Unlike it, no metadata becomes a span attribute (an attribute provider that would copy it is
 * ignored: metadata may carry what a client wrote), and a failure is recorded by its type and message,
 * without the stack trace, as refusals are frequent and expected.
 */
final class AxonSpans implements SpanFactory {

    private static final AttributeKey<String> EXCEPTION_TYPE = AttributeKey.stringKey("exception.type");
    private static final AttributeKey<String> EXCEPTION_MESSAGE = AttributeKey.stringKey("exception.message");

    private final Tracer tracer;
    private final List<SpanAttributesProvider> attributes = new CopyOnWriteArrayList<>();

    AxonSpans(Tracer tracer) {
        this.tracer = tracer;
    }

    @Override
    public Span createRootTrace(Supplier<String> operationName) {
        var builder = tracer.spanBuilder(operationName.get()).setNoParent();
        var current = io.opentelemetry.api.trace.Span.current().getSpanContext();
        if (current.isValid()) {
            builder.addLink(current);
        }
        return new AxonSpan(builder);
    }

    @Override
    public Span createHandlerSpan(
            Supplier<String> operationName, Message<?> parent, boolean isChildTrace, Message<?>... linkedParents) {
        Context parentContext = TraceMetadata.extract(Context.current(), parent.getMetaData());
        var builder = tracer.spanBuilder(name(operationName, parent)).setSpanKind(SpanKind.CONSUMER);
        if (isChildTrace) {
            builder.setParent(parentContext);
        } else {
            link(builder.setNoParent(), TraceMetadata.spanContext(parent.getMetaData()));
        }
        for (Message<?> linked : linkedParents) {
            link(builder, TraceMetadata.spanContext(linked.getMetaData()));
        }
        return new AxonSpan(withAttributes(builder, parent));
    }

    @Override
    public Span createDispatchSpan(Supplier<String> operationName, Message<?> message, Message<?>... linkedSiblings) {
        var builder = tracer.spanBuilder(name(operationName, message))
                .setSpanKind(SpanKind.PRODUCER)
                .setParent(Context.current());
        for (Message<?> linked : linkedSiblings) {
            link(builder, TraceMetadata.spanContext(linked.getMetaData()));
        }
        return new AxonSpan(withAttributes(builder, message));
    }

    @Override
    public Span createInternalSpan(Supplier<String> operationName) {
        return new AxonSpan(tracer.spanBuilder(operationName.get()).setParent(Context.current()));
    }

    @Override
    public Span createInternalSpan(Supplier<String> operationName, Message<?> message) {
        var builder = tracer.spanBuilder(name(operationName, message)).setParent(Context.current());
        return new AxonSpan(withAttributes(builder, message));
    }

    @Override
    public void registerSpanAttributeProvider(SpanAttributesProvider provider) {
        if (!(provider instanceof MetadataSpanAttributesProvider)) {
            attributes.add(provider);
        }
    }

    /** The message with the current span's context in its metadata (as it is when there is none). */
    @Override
    @SuppressWarnings("unchecked")
    public <M extends Message<?>> M propagateContext(M message) {
        Context current = Context.current();
        if (!io.opentelemetry.api.trace.Span.fromContext(current)
                .getSpanContext()
                .isValid()) {
            return message;
        }
        return (M) message.andMetaData(TraceMetadata.of(current));
    }

    /** {@code CommandBus.handleCommand(DepositMoneyCommand)}, {@code SagaManager.invokeSaga(TransferSaga,TransferDebitedEvent)}. */
    private static String name(Supplier<String> operationName, Message<?> message) {
        String operation = operationName.get();
        if (message == null) {
            return operation;
        }
        String messageName = SpanUtils.determineMessageName(message);
        return operation.endsWith(")")
                ? operation.substring(0, operation.length() - 1) + "," + messageName + ")"
                : operation + "(" + messageName + ")";
    }

    private static void link(SpanBuilder builder, SpanContext context) {
        if (context.isValid()) {
            builder.addLink(context);
        }
    }

    private SpanBuilder withAttributes(SpanBuilder builder, Message<?> message) {
        if (message != null) {
            for (SpanAttributesProvider provider : attributes) {
                for (Map.Entry<String, String> entry :
                        provider.provideForMessage(message).entrySet()) {
                    builder.setAttribute(entry.getKey(), entry.getValue());
                }
            }
        }
        return builder;
    }

    /** An Axon span over an OpenTelemetry one, started when Axon starts it. */
    private static final class AxonSpan implements Span {

        private final SpanBuilder builder;
        private io.opentelemetry.api.trace.Span span;

        AxonSpan(SpanBuilder builder) {
            this.builder = builder;
        }

        @Override
        public Span start() {
            if (span == null) {
                span = builder.startSpan();
            }
            return this;
        }

        @Override
        public SpanScope makeCurrent() {
            if (span == null) {
                return () -> {};
            }
            Scope scope = span.makeCurrent();
            return scope::close;
        }

        @Override
        public void end() {
            if (span != null) {
                span.end();
            }
        }

        @Override
        public Span recordException(Throwable failure) {
            if (span != null) {
                failed(span, failure);
            }
            return this;
        }

        /** Also marks the span failed when the result is a failure (a command's refusal is one, not thrown). */
        @Override
        public <T> T runSupplier(Supplier<T> supplier) {
            start();
            SpanScope scope = makeCurrent();
            try {
                T result = supplier.get();
                if (result instanceof ResultMessage<?> message && message.isExceptional()) {
                    failed(span, message.exceptionResult());
                }
                return result;
            } catch (RuntimeException | Error failure) {
                recordException(failure);
                throw failure;
            } finally {
                scope.close();
                end();
            }
        }

        @Override
        public Span addAttribute(String key, String value) {
            if (span == null) {
                builder.setAttribute(key, value);
            } else {
                span.setAttribute(key, value);
            }
            return this;
        }
    }

    /** Marks a span failed with the failure's type and message (no stack trace). */
    static void failed(io.opentelemetry.api.trace.Span span, Throwable failure) {
        String type = failure.getClass().getName();
        String message = failure.getMessage();
        span.setStatus(StatusCode.ERROR, failure.getClass().getSimpleName());
        span.addEvent(
                "exception",
                message == null
                        ? Attributes.of(EXCEPTION_TYPE, type)
                        : Attributes.of(EXCEPTION_TYPE, type, EXCEPTION_MESSAGE, message));
    }
}
