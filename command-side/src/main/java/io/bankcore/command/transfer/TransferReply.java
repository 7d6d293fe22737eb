package io.bankcore.command.transfer;

import io.bankcore.api.TransferCompletedEvent;
import io.bankcore.api.TransferFailedEvent;
import java.util.Optional;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

/**
 * What {@code RequestTransferCommand} answers: the transfer's id and, when the saga settled it in the
 * unit of work that requested it (both accounts handled here), its outcome. The saga records the
 * outcome on the reply it finds in that unit of work; the caller reads it only after the command
 * returned, that is after everything committed together. Without an outcome the transfer is still
 * running elsewhere, and the caller learns its fate from the read model.
 */
public final class TransferReply {

    private String transferId;
    private TransferCompletedEvent completed;
    private TransferFailedEvent failed;

    private TransferReply() {
        // for the message serializer (a distributed command bus sends the reply as data)
    }

    private TransferReply(String transferId) {
        this.transferId = transferId;
    }

    private static String key(String transferId) {
        return TransferReply.class.getName() + ":" + transferId;
    }

    /** A reply for the transfer, waiting in the current root unit of work for its outcome. */
    static TransferReply open(String transferId) {
        var reply = new TransferReply(transferId);
        CurrentUnitOfWork.ifStarted(uow -> uow.root().resources().put(key(transferId), reply));
        return reply;
    }

    /** Records a completed transfer on its reply, if the unit of work that requested it is this one. */
    static void completed(TransferCompletedEvent event) {
        find(event.transferId()).ifPresent(reply -> reply.completed = event);
    }

    /** Records a failed transfer on its reply, if the unit of work that requested it is this one. */
    static void failed(TransferFailedEvent event) {
        find(event.transferId()).ifPresent(reply -> reply.failed = event);
    }

    private static Optional<TransferReply> find(String transferId) {
        if (!CurrentUnitOfWork.isStarted()) {
            return Optional.empty();
        }
        return Optional.ofNullable(CurrentUnitOfWork.get().root().getResource(key(transferId)));
    }

    public String transferId() {
        return transferId;
    }

    /** The completion, when the transfer completed in the requesting unit of work. */
    public Optional<TransferCompletedEvent> completed() {
        return Optional.ofNullable(completed);
    }

    /** The failure, when the transfer failed in the requesting unit of work. */
    public Optional<TransferFailedEvent> failed() {
        return Optional.ofNullable(failed);
    }
}
