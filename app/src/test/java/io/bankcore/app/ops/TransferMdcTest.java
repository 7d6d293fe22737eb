package io.bankcore.app.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.bankcore.api.DebitForTransferCommand;
import io.bankcore.api.DepositMoneyCommand;
import io.bankcore.api.GetTransferQuery;
import io.bankcore.api.TransferCompletedEvent;
import java.util.concurrent.atomic.AtomicReference;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class TransferMdcTest {

    @AfterEach
    void clear() {
        MDC.clear();
    }

    /** Runs the interceptor around a handler that records the logging context's correlation id. */
    private static String seenWhileHandling(Message<?> message) throws Exception {
        var seen = new AtomicReference<String>("untouched");
        var unitOfWork = DefaultUnitOfWork.startAndGet(message);
        try {
            new TransferMdc().handle(unitOfWork, () -> {
                seen.set(MDC.get(TransferMdc.KEY));
                return null;
            });
        } finally {
            unitOfWork.rollback();
        }
        return seen.get();
    }

    @Test
    void a_transfer_command_puts_its_transfer_id_in_the_context_and_restores_the_previous_one() throws Exception {
        MDC.put(TransferMdc.KEY, "outer");
        var command = new DebitForTransferCommand("000001", "t-1", 10, "BRL", "000002");
        assertThat(seenWhileHandling(GenericCommandMessage.asCommandMessage(command)))
                .isEqualTo("t-1");
        assertThat(MDC.get(TransferMdc.KEY)).isEqualTo("outer");
    }

    @Test
    void a_transfer_event_and_a_transfer_query_carry_it_too() throws Exception {
        var event = new TransferCompletedEvent("t-2", "000001", "000002", 10, "BRL", 0, 10, 1, 1);
        assertThat(seenWhileHandling(GenericEventMessage.asEventMessage(event))).isEqualTo("t-2");
        assertThat(MDC.get(TransferMdc.KEY)).isNull();
        assertThat(TransferMdc.transferId(new GetTransferQuery("t-3"))).isEqualTo("t-3");
    }

    @Test
    void other_messages_leave_the_context_alone() throws Exception {
        var deposit = GenericCommandMessage.asCommandMessage(new DepositMoneyCommand("000001", 5, "BRL"));
        assertThat(seenWhileHandling(deposit)).isNull();
        MDC.put(TransferMdc.KEY, "outer");
        assertThat(seenWhileHandling(deposit)).isEqualTo("outer");
    }

    @Test
    void ids_that_could_garble_a_log_line_are_not_logged() {
        TransferMdc.put("a\nforged line").close();
        var restore = TransferMdc.put("bad id with spaces");
        assertThat(MDC.get(TransferMdc.KEY)).isNull();
        restore.close();
        var ok = TransferMdc.put("0b7f0c4e-1d2a-4c53-9a57-7f1f3e6f9a10");
        assertThat(MDC.get(TransferMdc.KEY)).isEqualTo("0b7f0c4e-1d2a-4c53-9a57-7f1f3e6f9a10");
        ok.close();
        assertThat(MDC.get(TransferMdc.KEY)).isNull();
    }
}
