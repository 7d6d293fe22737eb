package io.bankcore.app.config;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.saga.AssociationValue;
import org.axonframework.modelling.saga.AssociationValues;
import org.axonframework.modelling.saga.repository.SagaStore;

/**
 * Keeps a saga created in a unit of work in memory until that unit of work is about to commit, and
 * writes it then only if it is still active. A transfer whose saga starts and ends within its own
 * transaction (both accounts on this instance) thus costs no saga statements at all, where the
 * store would insert the saga and its association, look the association up for every event, update
 * the saga twice and delete both again, all inside the same transaction. A saga still running at the
 * end (its step went elsewhere) is inserted in the same transaction, as the store would have.
 *
 * <p>{@code uniqueAssociations} names, per saga type, an association that only one saga of that type
 * ever has (the transfer saga's {@code transferId}: one request per transfer): while such a saga is in
 * memory, finding it by that association needs no lookup in the store. {@code unstored} says which
 * associations no stored saga can have yet (a transfer created in this unit of work): the event that
 * starts such a saga needs no lookup either.
 */
final class UnitOfWorkSagaStore implements SagaStore<Object> {

    private record Pending(Class<?> type, Object saga, Set<AssociationValue> associations) {}

    private final SagaStore<Object> store;
    private final Map<Class<?>, String> uniqueAssociations;
    private final Predicate<AssociationValue> unstored;
    private final String resourceKey =
            UnitOfWorkSagaStore.class.getName() + ".pending@" + System.identityHashCode(this);

    UnitOfWorkSagaStore(SagaStore<Object> store, Map<Class<?>, String> uniqueAssociations) {
        this(store, uniqueAssociations, association -> false);
    }

    UnitOfWorkSagaStore(
            SagaStore<Object> store, Map<Class<?>, String> uniqueAssociations, Predicate<AssociationValue> unstored) {
        this.store = Objects.requireNonNull(store, "store");
        this.uniqueAssociations = Map.copyOf(uniqueAssociations);
        this.unstored = Objects.requireNonNull(unstored, "unstored");
    }

    /** The sagas created in the current root unit of work and not yet written; null outside one. */
    private Map<String, Pending> pending(boolean create) {
        if (!CurrentUnitOfWork.isStarted()) {
            return null;
        }
        UnitOfWork<?> root = CurrentUnitOfWork.get().root();
        if (!create) {
            return root.getResource(resourceKey);
        }
        if (root.phase().isAfter(UnitOfWork.Phase.PREPARE_COMMIT)) {
            return null; // too late to write them with the transaction: write through
        }
        return root.getOrComputeResource(resourceKey, key -> {
            Map<String, Pending> sagas = new LinkedHashMap<>();
            // Runs after the prepare-commit handlers registered so far, the event publication included. A
            // streaming processor's BatchingUnitOfWork runs them message by message, and Axon's saga
            // repository inserts a new saga from a prepare-commit handler of the message that created
            // it: a saga inserted after this flush finds no map and gets a map and a flush of its own.
            root.onPrepareCommit(u -> {
                root.resources().remove(key);
                flush(sagas);
            });
            return sagas;
        });
    }

    private void flush(Map<String, Pending> sagas) {
        for (var entry : sagas.entrySet()) {
            Pending p = entry.getValue();
            @SuppressWarnings("unchecked")
            Class<Object> type = (Class<Object>) p.type();
            store.insertSaga(type, entry.getKey(), p.saga(), p.associations());
        }
        sagas.clear();
    }

    @Override
    public Set<String> findSagas(Class<?> sagaType, AssociationValue associationValue) {
        Map<String, Pending> sagas = pending(false);
        Set<String> found = new TreeSet<>();
        if (sagas != null) {
            sagas.forEach((id, p) -> {
                if (p.type().equals(sagaType) && p.associations().contains(associationValue)) {
                    found.add(id);
                }
            });
            if (!found.isEmpty() && associationValue.getKey().equals(uniqueAssociations.get(sagaType))) {
                return found;
            }
        }
        if (!unstored.test(associationValue)) {
            found.addAll(store.findSagas(sagaType, associationValue));
        }
        return found;
    }

    @Override
    public <S> Entry<S> loadSaga(Class<S> sagaType, String sagaIdentifier) {
        Map<String, Pending> sagas = pending(false);
        Pending p = sagas == null ? null : sagas.get(sagaIdentifier);
        if (p == null) {
            return store.loadSaga(sagaType, sagaIdentifier);
        }
        @SuppressWarnings("unchecked")
        S saga = (S) p.saga();
        Set<AssociationValue> associations = Set.copyOf(p.associations());
        return new Entry<>() {
            @Override
            public Set<AssociationValue> associationValues() {
                return associations;
            }

            @Override
            public S saga() {
                return saga;
            }
        };
    }

    @Override
    public void deleteSaga(Class<?> sagaType, String sagaIdentifier, Set<AssociationValue> associationValues) {
        Map<String, Pending> sagas = pending(false);
        if (sagas != null && sagas.remove(sagaIdentifier) != null) {
            return; // never written: nothing to delete
        }
        store.deleteSaga(sagaType, sagaIdentifier, associationValues);
    }

    @Override
    public void insertSaga(
            Class<?> sagaType, String sagaIdentifier, Object saga, Set<AssociationValue> associationValues) {
        Map<String, Pending> sagas = pending(true);
        if (sagas == null) {
            store.insertSaga(sagaType, sagaIdentifier, saga, associationValues);
            return;
        }
        sagas.put(sagaIdentifier, new Pending(sagaType, saga, new HashSet<>(associationValues)));
    }

    @Override
    public void updateSaga(Class<?> sagaType, String sagaIdentifier, Object saga, AssociationValues associationValues) {
        Map<String, Pending> sagas = pending(false);
        if (sagas != null && sagas.containsKey(sagaIdentifier)) {
            sagas.put(sagaIdentifier, new Pending(sagaType, saga, new HashSet<>(associationValues.asSet())));
            return;
        }
        store.updateSaga(sagaType, sagaIdentifier, saga, associationValues);
    }
}
