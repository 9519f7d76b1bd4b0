package io.berth.store.jdbc;

class H2ConcurrencyTest extends ConcurrencyContract {
    @Override
    TestDatabase createDatabase() {
        return new H2TestDatabase(getClass());
    }
}
