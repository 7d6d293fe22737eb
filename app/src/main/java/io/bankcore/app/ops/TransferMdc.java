package io.bankcore.app.ops;

import io.bankcore.api.TransferEvent;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.regex.Pattern;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.MDC;

/**
 * Puts a transfer's correlation id (its transfer id) in the logging context, under
 * {@value #KEY}, so every log line written while handling one of its messages names it. As an Axon
 * handler interceptor it covers commands (on the command bus) and events (on every event processor,
 * the saga's included): the id comes from the payload, a {@link TransferEvent} or any command record
 * with a {@code transferId} component. The previous value is restored afterwards, as a handler may run
 * inside an HTTP request that already set it.
 */
public final class TransferMdc implements MessageHandlerInterceptor<Message<?>> {

    public static final String KEY = "correlation_id";

    /** What a correlation id may look like in a log line: no separators, no control characters. */
    private static final Pattern PRINTABLE_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private static final ClassValue<Method> TRANSFER_ID_ACCESSOR = new ClassValue<>() {
        @Override
        protected Method computeValue(Class<?> type) {
            if (!type.isRecord()) {
                return null;
            }
            for (RecordComponent component : type.getRecordComponents()) {
                if (component.getName().equals("transferId") && component.getType() == String.class) {
                    return component.getAccessor();
                }
            }
            return null;
        }
    };

    /** The transfer id a message's payload carries, or null. */
    public static String transferId(Object payload) {
        if (payload == null) {
            return null;
        }
        if (payload instanceof TransferEvent event) {
            return event.transferId();
        }
        Method accessor = TRANSFER_ID_ACCESSOR.get(payload.getClass());
        if (accessor == null) {
            return null;
        }
        try {
            return (String) accessor.invoke(payload);
        } catch (ReflectiveOperationException | RuntimeException unreadable) {
            return null;
        }
    }

    /** Sets the key for the current thread and returns what to restore; ids that could garble a log line are skipped. */
    public static Restore put(String correlationId) {
        String previous = MDC.get(KEY);
        if (correlationId != null && PRINTABLE_ID.matcher(correlationId).matches()) {
            MDC.put(KEY, correlationId);
        }
        return () -> {
            if (previous == null) {
                MDC.remove(KEY);
            } else {
                MDC.put(KEY, previous);
            }
        };
    }

    /** Restores the logging context as it was; never throws. */
    @FunctionalInterface
    public interface Restore {
        void close();
    }

    @Override
    public Object handle(UnitOfWork<? extends Message<?>> unitOfWork, InterceptorChain interceptorChain)
            throws Exception {
        String id = transferId(unitOfWork.getMessage().getPayload());
        if (id == null) {
            return interceptorChain.proceed();
        }
        Restore restore = put(id);
        try {
            return interceptorChain.proceed();
        } finally {
            restore.close();
        }
    }
}
