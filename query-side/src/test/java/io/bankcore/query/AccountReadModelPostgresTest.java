package io.bankcore.query;

class AccountReadModelPostgresTest extends AccountReadModelTest {

    @Override
    ReadModelDatabase openDatabase() {
        return ReadModelDatabase.postgres();
    }
}
