package io.bankcore.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.modelling.saga.AssociationValue;
import org.axonframework.modelling.saga.AssociationValues;
import org.axonframework.modelling.saga.AssociationValuesImpl;
import org.axonframework.modelling.saga.repository.SagaStore;
import org.junit.jupiter.api.Test;

/** Sagas that start and end within one unit of work never reach the store; the others reach it in it. */
class UnitOfWorkSagaStoreTest {

    static final class Saga {}

    static final AssociationValue TRANSFER = new AssociationValue("transferId", "t-1");

    /** Records what reaches the store, and answers one saga id for every lookup. */
    static final class RecordingStore implements SagaStore<Object> {
        final List<String> calls = new ArrayList<>();

        @Override
        public Set<String> findSagas(Class<?> sagaType, AssociationValue associationValue) {
            calls.add("find " + associationValue.getKey());
            return Set.of("stored");
        }

        @Override
        public <S> Entry<S> loadSaga(Class<S> sagaType, String sagaIdentifier) {
            calls.add("load " + sagaIdentifier);
            return null;
        }

        @Override
        public void deleteSaga(Class<?> sagaType, String sagaIdentifier, Set<AssociationValue> associationValues) {
            calls.add("delete " + sagaIdentifier);
        }

        @Override
        public void insertSaga(
                Class<?> sagaType, String sagaIdentifier, Object saga, Set<AssociationValue> associationValues) {
            calls.add("insert " + sagaIdentifier + " " + associationValues.size());
        }

        @Override
        public void updateSaga(
                Class<?> sagaType, String sagaIdentifier, Object saga, AssociationValues associationValues) {
            calls.add("update " + sagaIdentifier);
        }
    }

    final RecordingStore store = new RecordingStore();
    final UnitOfWorkSagaStore sagas = new UnitOfWorkSagaStore(store, Map.of(Saga.class, "transferId"));

    static AssociationValues associations(AssociationValue... values) {
        var all = new AssociationValuesImpl();
        for (var value : values) {
            all.add(value);
        }
        return all;
    }

    @Test
    void a_saga_created_updated_and_ended_in_one_unit_of_work_never_reaches_the_store() {
        var unitOfWork = DefaultUnitOfWork.startAndGet(null);
        sagas.insertSaga(Saga.class, "s-1", new Saga(), Set.of(TRANSFER));
        assertThat(sagas.findSagas(Saga.class, TRANSFER)).containsExactly("s-1");
        assertThat(sagas.loadSaga(Saga.class, "s-1").associationValues()).containsExactly(TRANSFER);
        sagas.updateSaga(Saga.class, "s-1", new Saga(), associations(TRANSFER));
        sagas.deleteSaga(Saga.class, "s-1", Set.of(TRANSFER));
        unitOfWork.commit();

        assertThat(store.calls).isEmpty();
    }

    @Test
    void a_saga_still_running_is_inserted_with_its_last_state_before_the_commit() {
        var unitOfWork = DefaultUnitOfWork.startAndGet(null);
        var committed = new ArrayList<String>();
        unitOfWork.onCommit(u -> committed.addAll(store.calls));
        sagas.insertSaga(Saga.class, "s-1", new Saga(), Set.of(TRANSFER));
        sagas.updateSaga(Saga.class, "s-1", new Saga(), associations(TRANSFER, new AssociationValue("k", "v")));
        assertThat(store.calls).isEmpty();
        unitOfWork.commit();

        assertThat(committed).containsExactly("insert s-1 2");
    }

    @Test
    void a_rolled_back_unit_of_work_writes_nothing() {
        var unitOfWork = DefaultUnitOfWork.startAndGet(null);
        sagas.insertSaga(Saga.class, "s-1", new Saga(), Set.of(TRANSFER));
        unitOfWork.rollback();

        assertThat(store.calls).isEmpty();
    }

    @Test
    void other_associations_and_sagas_not_in_memory_are_looked_up_in_the_store() {
        var unitOfWork = DefaultUnitOfWork.startAndGet(null);
        sagas.insertSaga(Saga.class, "s-1", new Saga(), Set.of(TRANSFER, new AssociationValue("k", "v")));
        assertThat(sagas.findSagas(Saga.class, new AssociationValue("k", "v"))).containsExactly("s-1", "stored");
        assertThat(sagas.findSagas(Saga.class, new AssociationValue("transferId", "t-2")))
                .containsExactly("stored");
        sagas.updateSaga(Saga.class, "other", new Saga(), associations(TRANSFER));
        sagas.deleteSaga(Saga.class, "gone", Set.of());
        unitOfWork.rollback();

        assertThat(store.calls).containsExactly("find k", "find transferId", "update other", "delete gone");
    }

    @Test
    void an_association_that_no_stored_saga_can_have_yet_is_not_looked_up() {
        var fresh = new AssociationValue("transferId", "new-here");
        var unstored = new UnitOfWorkSagaStore(store, Map.of(Saga.class, "transferId"), fresh::equals);
        var unitOfWork = DefaultUnitOfWork.startAndGet(null);
        assertThat(unstored.findSagas(Saga.class, fresh)).isEmpty();
        assertThat(unstored.findSagas(Saga.class, TRANSFER)).containsExactly("stored");
        unitOfWork.rollback();

        assertThat(store.calls).containsExactly("find transferId");
    }

    @Test
    void outside_a_unit_of_work_everything_goes_straight_to_the_store() {
        sagas.insertSaga(Saga.class, "s-1", new Saga(), Set.of(TRANSFER));
        sagas.deleteSaga(Saga.class, "s-1", Set.of(TRANSFER));

        assertThat(store.calls).containsExactly("insert s-1 1", "delete s-1");
    }
    /**
     * A streaming processor handles a batch of events in one {@link BatchingUnitOfWork}, which runs
     * the prepare-commit handlers message by message. Axon's saga repository inserts each new saga from
     * a prepare-commit handler of the message that created it; a saga created by a later message of the
     * batch, inserted after an earlier message's insert has flushed the sagas kept in memory, is written
     * too (it once stayed in memory and was lost, while its first step had already gone out).
     */
    @Test
    void every_saga_created_in_a_batch_of_a_streaming_processor_is_inserted() {
        var batch = new BatchingUnitOfWork<>(List.of(
                GenericEventMessage.asEventMessage("e-1"),
                GenericEventMessage.asEventMessage("e-2"),
                GenericEventMessage.asEventMessage("e-3")));
        var committed = new ArrayList<String>();
        batch.onCommit(u -> committed.addAll(store.calls));
        batch.executeWithResult(() -> {
            String id = "s-" + batch.getMessage().getPayload();
            // as Axon's AnnotatedSagaRepository does for a saga created while handling this message
            CurrentUnitOfWork.get()
                    .onPrepareCommit(u -> sagas.insertSaga(
                            Saga.class, id, new Saga(), Set.of(new AssociationValue("transferId", id))));
            return null;
        }); // commits the batch, as a processor does

        assertThat(committed).containsExactly("insert s-e-1 1", "insert s-e-2 1", "insert s-e-3 1");
    }
}
