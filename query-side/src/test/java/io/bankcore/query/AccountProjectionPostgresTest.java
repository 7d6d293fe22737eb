package io.bankcore.query;

class AccountProjectionPostgresTest extends AccountProjectionTest {

    @Override
    ReadModelDatabase openDatabase() {
        return ReadModelDatabase.postgres();
    }
}
