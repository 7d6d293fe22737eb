package io.bankcore.query;

class HeldWritesPostgresTest extends HeldWritesTest {

    @Override
    ReadModelDatabase openDatabase() {
        return ReadModelDatabase.postgres();
    }
}
