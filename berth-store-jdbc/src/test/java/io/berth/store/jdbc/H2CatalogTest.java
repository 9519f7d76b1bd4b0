package io.berth.store.jdbc;

class H2CatalogTest extends CatalogContract {
    @Override
    TestDatabase createDatabase() {
        return new H2TestDatabase(getClass());
    }
}
