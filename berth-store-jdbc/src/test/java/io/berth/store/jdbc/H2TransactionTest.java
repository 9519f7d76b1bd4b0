package io.berth.store.jdbc;

class H2TransactionTest extends TransactionContract {
    @Override
    TestDatabase createDatabase() {
        return new H2TestDatabase(getClass());
    }
}
