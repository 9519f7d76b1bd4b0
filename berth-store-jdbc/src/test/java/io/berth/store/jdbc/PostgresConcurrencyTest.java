package io.berth.store.jdbc;

class PostgresConcurrencyTest extends ConcurrencyContract {
    @Override
    TestDatabase createDatabase() {
        return new PostgresTestDatabase();
    }
}
