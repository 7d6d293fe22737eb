package io.bankcore.query;

class AccountReadModelH2Test extends AccountReadModelTest {

    @Override
    ReadModelDatabase openDatabase() {
        return ReadModelDatabase.h2();
    }
}
