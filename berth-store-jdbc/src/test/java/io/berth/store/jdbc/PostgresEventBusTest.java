package io.berth.store.jdbc;

class PostgresEventBusTest extends EventBusContract {
    @Override
    TestDatabase createDatabase() {
        return new PostgresTestDatabase();
    }
}
