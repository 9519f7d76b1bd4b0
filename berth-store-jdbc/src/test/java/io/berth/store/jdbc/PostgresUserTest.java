package io.berth.store.jdbc;

class PostgresUserTest extends UserContract {
    @Override
    TestDatabase createDatabase() {
        return new PostgresTestDatabase();
    }
}
