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
        RowCache.InTransaction accounts = catalogs.accounts().in(this);
        this.images = new JdbcImageRepository(sql, catalogs.images().in(this), accounts);
        this.inventory = new JdbcInventoryRepository(sql, catalogs.inventory().in(this));
        this.users = new JdbcUserRepository(sql, accounts);
        this.tokens = new JdbcTokenRepository(sql, accounts);
        this.reservations = new JdbcReservationRepository(sql, dialect, catalogs.reservationIds());
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

    /** What the store keeps in memory for its transactions: the catalogs and cached answers they may read, and the block of reservation ids. */
    record Catalogs(CatalogCache<JdbcInventoryRepository.InventoryContents> inventory,
                    CatalogCache<java.util.Map<Long, io.berth.core.domain.Image>> images, RowCache accounts,
                    ReservationIds reservationIds) {
        Catalogs() {
            this(new CatalogCache<>(), new CatalogCache<>(), new RowCache(), new ReservationIds());
        }

        /** Drops every cached copy; the id block stays (a commit's unknown outcome does not touch the sequence). */
        void invalidate() {
            inventory.invalidate();
            images.invalidate();
            accounts.invalidate();
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
