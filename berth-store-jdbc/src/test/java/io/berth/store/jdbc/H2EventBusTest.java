package io.berth.store.jdbc;

class H2EventBusTest extends EventBusContract {
    @Override
    TestDatabase createDatabase() {
        return new H2TestDatabase(getClass());
    }
}
