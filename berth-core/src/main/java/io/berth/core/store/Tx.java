package io.berth.core.store;

/** The repositories bound to one transaction, and what to do once it has ended. */
public interface Tx {
    ImageRepository images();

    InventoryRepository inventory();

    UserRepository users();

    TokenRepository tokens();

    ReservationRepository reservations();

    AllocationRepository allocations();

    EventLog events();

    BlockRepository blocks();

    ApiCallLog apiCalls();

    /**
     * Runs {@code action} once the outermost transaction this one belongs to has committed, in the order given.
     * It runs on the committing thread before the store returns; what it throws is logged, not rethrown, since the
     * commit has happened.
     */
    void afterCommit(Runnable action);

    /**
     * Runs {@code action} once the transaction has been rolled back (also before each retry of it). Not run when
     * the commit itself fails: the outcome is then unknown, and undoing in-memory state as if nothing happened
     * could contradict what the database kept.
     */
    void onRollback(Runnable action);
}
