package io.bankcore.query.replay;

import io.bankcore.query.AccountProjection;
import io.bankcore.query.ProjectionProgress;
import io.bankcore.query.TransferProjection;
import io.bankcore.query.tables.AccountTables;
import io.bankcore.query.tables.TransferTables;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.EventMessage;

/**
 * The two projections' own handlers, writing to the tables a replay builds: the same code as the live
 * projections, so a rebuilt row is what the live projection would have written. Nothing else runs (no
 * saga, no command): a replay has no side effects.
 */
final class ReplayHandlers {

    private final List<AnnotationEventHandlerAdapter> all;
    /** Which handlers take a payload type: it depends on the type alone, so it is looked up once. */
    private final Map<Class<?>, List<AnnotationEventHandlerAdapter>> byType = new HashMap<>();

    private ReplayHandlers(List<AnnotationEventHandlerAdapter> all) {
        this.all = all;
    }

    static ReplayHandlers on(AccountTables accounts, TransferTables transfers) {
        // A private progress: nobody waits on a replay's tables.
        var progress = new ProjectionProgress();
        return new ReplayHandlers(List.of(
                new AnnotationEventHandlerAdapter(new AccountProjection(accounts, progress)),
                new AnnotationEventHandlerAdapter(new TransferProjection(transfers, progress))));
    }

    void apply(EventMessage<?> message) throws Exception {
        var handlers = byType.computeIfAbsent(
                message.getPayloadType(),
                type -> all.stream().filter(h -> h.canHandle(message)).toList());
        for (AnnotationEventHandlerAdapter handler : handlers) {
            handler.handle(message);
        }
    }
}
