package io.bankcore.query;

class AccountProjectionH2Test extends AccountProjectionTest {

    @Override
    ReadModelDatabase openDatabase() {
        return ReadModelDatabase.h2();
    }
}
