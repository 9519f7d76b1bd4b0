package io.berth.store.jdbc;

class PostgresAllocationTest extends AllocationContract {
    @Override
    TestDatabase createDatabase() {
        return new PostgresTestDatabase();
    }
}
