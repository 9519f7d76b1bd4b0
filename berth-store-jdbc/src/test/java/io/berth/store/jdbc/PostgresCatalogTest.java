package io.berth.store.jdbc;

class PostgresCatalogTest extends CatalogContract {
    @Override
    TestDatabase createDatabase() {
        return new PostgresTestDatabase();
    }
}
