package io.berth.store.jdbc;

class PostgresTransactionTest extends TransactionContract {
    @Override
    TestDatabase createDatabase() {
        return new PostgresTestDatabase();
    }
}
