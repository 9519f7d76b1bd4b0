package io.berth.store.jdbc;

class PostgresReservationTest extends ReservationContract {
    @Override
    TestDatabase createDatabase() {
        return new PostgresTestDatabase();
    }
}
