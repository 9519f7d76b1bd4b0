package io.berth.core.store;

/** The repositories bound to one transaction. */
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
     * Serialises capacity admission for one resource type until this transaction ends
     * (a row lock, so it also holds across server instances sharing a database).
     */
    void lockCalendar(String resourceType);
}
