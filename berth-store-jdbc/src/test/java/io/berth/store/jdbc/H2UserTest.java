package io.berth.store.jdbc;

class H2UserTest extends UserContract {
    @Override
    TestDatabase createDatabase() {
        return new H2TestDatabase(getClass());
    }
}
