package io.bankcore.app.tracing;

import io.opentelemetry.api.trace.Span;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * Names the event processor in the span of its handling of an event: Axon calls every processor's
 * span {@code EventProcessor.process(...)}, which leaves the projections and sagas of one event
 * indistinguishable. As a handler interceptor it runs inside that span; the span becomes
 * {@code EventProcessor[accounts].process(MoneyDepositedEvent)}, with the processor as attribute
 * {@code axon.processor}.
 */
final class ProcessorSpanName implements MessageHandlerInterceptor<EventMessage<?>> {

    private final String processor;

    ProcessorSpanName(String processor) {
        this.processor = processor;
    }

    @Override
    public Object handle(UnitOfWork<? extends EventMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        Span span = Span.current();
        if (span.isRecording()) {
            span.updateName("EventProcessor[" + processor + "].process("
                    + unitOfWork.getMessage().getPayloadType().getSimpleName() + ")");
            span.setAttribute("axon.processor", processor);
        }
        return chain.proceed();
    }
}
