package io.berth.store.jdbc;

class PostgresEventLogTest extends EventLogContract {
    @Override
    TestDatabase createDatabase() {
        return new PostgresTestDatabase();
    }
}
