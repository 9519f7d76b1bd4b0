package io.berth.store.jdbc;

class PostgresBlockAndCallTest extends BlockAndCallContract {
    @Override
    TestDatabase createDatabase() {
        return new PostgresTestDatabase();
    }
}
