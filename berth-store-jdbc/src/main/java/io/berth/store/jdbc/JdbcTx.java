package io.berth.store.jdbc;

import io.berth.core.store.AllocationRepository;
import io.berth.core.store.ApiCallLog;
import io.berth.core.store.BlockRepository;
import io.berth.core.store.EventLog;
import io.berth.core.store.ImageRepository;
import io.berth.core.store.InventoryRepository;
import io.berth.core.store.ReservationRepository;
import io.berth.core.store.TokenRepository;
import io.berth.core.store.Tx;
import io.berth.core.store.UserRepository;

import java.sql.Connection;

/** The repositories of one transaction, all on its connection. */
final class JdbcTx implements Tx {
    private final Sql sql;
    private final ImageRepository images;
    private final InventoryRepository inventory;
    private final UserRepository users;
    private final TokenRepository tokens;
    private final ReservationRepository reservations;
    private final AllocationRepository allocations;
    private final EventLog events;
    private final BlockRepository blocks;
    private final ApiCallLog apiCalls;

    JdbcTx(Connection connection, Dialect dialect) {
        this.sql = new Sql(connection);
        this.images = new JdbcImageRepository(sql);
        this.inventory = new JdbcInventoryRepository(sql);
        this.users = new JdbcUserRepository(sql);
        this.tokens = new JdbcTokenRepository(sql);
        this.reservations = new JdbcReservationRepository(sql, dialect);
        this.allocations = new JdbcAllocationRepository(sql);
        this.events = new JdbcEventLog(sql, dialect);
        this.blocks = new JdbcBlockRepository(sql);
        this.apiCalls = new JdbcApiCallLog(sql);
    }

    @Override
    public ImageRepository images() {
        return images;
    }

    @Override
    public InventoryRepository inventory() {
        return inventory;
    }

    @Override
    public UserRepository users() {
        return users;
    }

    @Override
    public TokenRepository tokens() {
        return tokens;
    }

    @Override
    public ReservationRepository reservations() {
        return reservations;
    }

    @Override
    public AllocationRepository allocations() {
        return allocations;
    }

    @Override
    public EventLog events() {
        return events;
    }

    @Override
    public BlockRepository blocks() {
        return blocks;
    }

    @Override
    public ApiCallLog apiCalls() {
        return apiCalls;
    }

    /**
     * Row-locks the type's calendar_locks row, creating it on first use. A concurrent creator makes the insert
     * wait for its commit and then fail as a duplicate, which is ignored: the row exists either way.
     */
    @Override
    public void lockCalendar(String resourceType) {
        if (lockRow(resourceType)) return;
        sql.insertIfAbsent("INSERT INTO calendar_locks (resource_type) VALUES (?)", resourceType);
        if (!lockRow(resourceType)) {
            throw new StoreException("the calendar lock row for " + resourceType + " is missing right after its insert");
        }
    }

    private boolean lockRow(String resourceType) {
        return sql.first("SELECT resource_type FROM calendar_locks WHERE resource_type = ? FOR UPDATE",
                rs -> true, resourceType).isPresent();
    }
}
