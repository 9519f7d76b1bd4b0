package io.berth.store.jdbc;

class H2AllocationTest extends AllocationContract {
    @Override
    TestDatabase createDatabase() {
        return new H2TestDatabase(getClass());
    }
}
