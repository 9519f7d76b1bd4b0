package io.berth.store.jdbc;

class H2ReservationTest extends ReservationContract {
    @Override
    TestDatabase createDatabase() {
        return new H2TestDatabase(getClass());
    }
}
