package io.bankcore.command.transfer;

import java.util.HashSet;
import java.util.Set;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

/**
 * The transfers created in the current root unit of work. A transfer's id is new when its aggregate is
 * created (its first event is appended at sequence 0, which the store's key allows once), so nothing
 * stored yet (a saga, say) can be associated with it: a saga store may answer "none" for such an id
 * without asking the database.
 */
public final class NewTransfers {

    private static final String KEY = NewTransfers.class.getName();

    private NewTransfers() {}

    /** Called where a transfer's aggregate is created, in the unit of work that creates it. */
    static void created(String transferId) {
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get()
                    .root()
                    .<Set<String>>getOrComputeResource(KEY, key -> new HashSet<>())
                    .add(transferId);
        }
    }

    /** Whether the transfer was created in the current root unit of work (false outside one). */
    public static boolean createdHere(String transferId) {
        if (!CurrentUnitOfWork.isStarted()) {
            return false;
        }
        Set<String> created = CurrentUnitOfWork.get().root().getResource(KEY);
        return created != null && created.contains(transferId);
    }
}
