package io.bankcore.app.tracing;

import io.bankcore.command.WritePipeline;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.ArrayList;
import java.util.List;

/**
 * The request's trace on the write pipeline's writer thread, where its commands run: the request's
 * context is captured when its work is queued and is current while the work runs (the gap between the
 * request's start and its first command's span is the time it waited for the writer). The steps its
 * batch takes once for all its requests, {@code WritePipeline.flush} (the batch's held event appends
 * and read-model writes sent together) and {@code WritePipeline.commit}, appear in every one of their
 * traces, each with the number of requests the batch committed together.
 */
final class PipelineTracing implements WritePipeline.BatchContext {

    private static final Runnable NOTHING = () -> {};

    private final Tracer tracer;

    PipelineTracing(Tracer tracer) {
        this.tracer = tracer;
    }

    @Override
    public Object capture() {
        Context current = Context.current();
        return Span.fromContext(current).getSpanContext().isValid() ? current : null;
    }

    @Override
    public Runnable install(Object captured) {
        if (!(captured instanceof Context context)) {
            return NOTHING;
        }
        Scope scope = context.makeCurrent();
        return scope::close;
    }

    @Override
    public Step begin(String step, List<Object> captured) {
        var spans = new ArrayList<Span>(captured.size());
        for (Object each : captured) {
            if (each instanceof Context context) {
                spans.add(tracer.spanBuilder("WritePipeline." + step)
                        .setParent(context)
                        .setAttribute("bankcore.batch.requests", captured.size())
                        .startSpan());
            }
        }
        return failure -> {
            for (Span span : spans) {
                if (failure != null) {
                    span.setStatus(StatusCode.ERROR, failure.getClass().getSimpleName());
                }
                span.end();
            }
        };
    }
}
