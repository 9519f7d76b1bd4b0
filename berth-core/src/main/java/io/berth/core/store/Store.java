package io.berth.core.store;

/**
 * Berth's state. All reads and writes go through a unit of work; a unit of work that throws is rolled back,
 * so a failed command leaves nothing half-written.
 */
public interface Store extends AutoCloseable {

    <T> T inTransaction(Work<T> work);

    default void run(VoidWork work) {
        inTransaction(tx -> {
            work.accept(tx);
            return null;
        });
    }

    /** "h2", "postgresql", ...: for logs and the health endpoint. */
    String kind();

    /** Cheap liveness probe of the backing database. */
    boolean isHealthy();

    @Override
    void close();

    @FunctionalInterface
    interface Work<T> {
        T apply(Tx tx);
    }

    @FunctionalInterface
    interface VoidWork {
        void accept(Tx tx);
    }
}
