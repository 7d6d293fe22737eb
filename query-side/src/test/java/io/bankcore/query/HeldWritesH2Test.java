package io.bankcore.query;

class HeldWritesH2Test extends HeldWritesTest {

    @Override
    ReadModelDatabase openDatabase() {
        return ReadModelDatabase.h2();
    }
}
