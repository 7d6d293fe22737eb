package io.bankcore.app.tracing;

import org.axonframework.commandhandling.CommandBusSpanFactory;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.DefaultCommandBusSpanFactory;
import org.axonframework.eventhandling.EventBusSpanFactory;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.annotation.HandlerEnhancerDefinition;
import org.axonframework.messaging.annotation.MessageHandlingMember;
import org.axonframework.modelling.command.RepositorySpanFactory;
import org.axonframework.tracing.NoOpSpanFactory;
import org.axonframework.tracing.Span;
import org.axonframework.tracing.SpanFactory;
import org.axonframework.tracing.TracingHandlerEnhancerDefinition;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Which of Axon's spans a trace keeps. Axon makes about a dozen per command, most of them nested
 * one-to-one in another: a deposit's trace held 14 spans, each one created, exported and shipped, and
 * tracing cost a third more CPU per deposit. Kept: the command's handling
 * ({@code CommandBus.handleCommand}, with its unit of work, the aggregate's loading and the events'
 * publication), each event processor's handling of each event and each saga step. Left out: the
 * local command bus's dispatch (same thread, same time as the handling), each event's publication and
 * the events' commit (the append has its own span), the aggregate's loading (a cache hit, mostly),
 * lock (the write pipeline locks the accounts at the batch's start) and state, and the span around
 * every handler method (the command's, processor's or saga's span covers it). A distributed command's
 * dispatch (Axon Server) stays a span.
 */
final class AxonSpanSelection {

    private AxonSpanSelection() {}

    static CommandBusSpanFactory commandBus(SpanFactory spans) {
        var axon = DefaultCommandBusSpanFactory.builder().spanFactory(spans).build();
        return new CommandBusSpanFactory() {
            @Override
            public Span createDispatchCommandSpan(CommandMessage<?> command, boolean distributed) {
                return distributed ? axon.createDispatchCommandSpan(command, true) : NoOpSpanFactory.NoOpSpan.INSTANCE;
            }

            @Override
            public Span createHandleCommandSpan(CommandMessage<?> command, boolean distributed) {
                return axon.createHandleCommandSpan(command, distributed);
            }

            @Override
            public <T> CommandMessage<T> propagateContext(CommandMessage<T> command) {
                return axon.propagateContext(command);
            }
        };
    }

    /** Publication is no span; an event keeps the context current when it is published: its command's. */
    static EventBusSpanFactory eventBus(SpanFactory spans) {
        return new EventBusSpanFactory() {
            @Override
            public Span createPublishEventSpan(EventMessage<?> event) {
                return NoOpSpanFactory.NoOpSpan.INSTANCE;
            }

            @Override
            public Span createCommitEventsSpan() {
                return NoOpSpanFactory.NoOpSpan.INSTANCE;
            }

            @Override
            public <T> EventMessage<T> propagateContext(EventMessage<T> event) {
                return spans.propagateContext(event);
            }
        };
    }

    static RepositorySpanFactory repository() {
        return new RepositorySpanFactory() {
            @Override
            public Span createLoadSpan(String aggregateId) {
                return NoOpSpanFactory.NoOpSpan.INSTANCE;
            }

            @Override
            public Span createObtainLockSpan(String aggregateId) {
                return NoOpSpanFactory.NoOpSpan.INSTANCE;
            }

            @Override
            public Span createInitializeStateSpan(String aggregateType, String aggregateId) {
                return NoOpSpanFactory.NoOpSpan.INSTANCE;
            }
        };
    }

    /** Replaces Axon's handler enhancer that makes every handler method invocation a span. */
    static BeanPostProcessor noHandlerMethodSpans() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                if (!(bean instanceof TracingHandlerEnhancerDefinition)) {
                    return bean;
                }
                return new HandlerEnhancerDefinition() {
                    @Override
                    public <T> MessageHandlingMember<T> wrapHandler(MessageHandlingMember<T> original) {
                        return original;
                    }
                };
            }
        };
    }
}
