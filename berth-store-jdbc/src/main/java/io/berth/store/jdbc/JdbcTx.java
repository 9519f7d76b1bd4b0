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
import java.util.ArrayList;
import java.util.List;

/** The repositories of one transaction, all on its connection, and what to run once it has ended. */
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
    private final List<Long> eventNumbers = new ArrayList<>();
    private final List<Runnable> afterCommit = new ArrayList<>();
    private final List<Runnable> onRollback = new ArrayList<>();

    JdbcTx(Connection connection, Dialect dialect, EventSequencer sequencer, Catalogs catalogs) {
        this.sql = new Sql(connection);
        this.images = new JdbcImageRepository(sql, catalogs.images().in(this));
        this.inventory = new JdbcInventoryRepository(sql, catalogs.inventory().in(this));
        this.users = new JdbcUserRepository(sql);
        this.tokens = new JdbcTokenRepository(sql);
        this.reservations = new JdbcReservationRepository(sql, dialect);
        this.allocations = new JdbcAllocationRepository(sql);
        this.events = new JdbcEventLog(sql, dialect, sequencer, eventNumbers);
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

    /** The catalogs a transaction may serve reads from, kept by the store. */
    record Catalogs(CatalogCache<JdbcInventoryRepository.InventoryContents> inventory,
                    CatalogCache<java.util.Map<Long, io.berth.core.domain.Image>> images) {
        void invalidate() {
            inventory.invalidate();
            images.invalidate();
        }
    }

    @Override
    public void afterCommit(Runnable action) {
        afterCommit.add(action);
    }

    @Override
    public void onRollback(Runnable action) {
        onRollback.add(action);
    }

    /** The event numbers this transaction took, to give the sequencer back once it has ended. */
    List<Long> eventNumbers() {
        return eventNumbers;
    }

    List<Runnable> afterCommitActions() {
        return afterCommit;
    }

    List<Runnable> onRollbackActions() {
        return onRollback;
    }
}
