package io.berth.store.jdbc;

class H2EventLogTest extends EventLogContract {
    @Override
    TestDatabase createDatabase() {
        return new H2TestDatabase(getClass());
    }
}
