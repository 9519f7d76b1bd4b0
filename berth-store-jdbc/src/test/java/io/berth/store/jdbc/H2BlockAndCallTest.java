package io.berth.store.jdbc;

class H2BlockAndCallTest extends BlockAndCallContract {
    @Override
    TestDatabase createDatabase() {
        return new H2TestDatabase(getClass());
    }
}
