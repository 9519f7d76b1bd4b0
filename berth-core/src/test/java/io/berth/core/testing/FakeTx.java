package io.berth.core.testing;

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

import java.util.ArrayList;
import java.util.List;

/**
 * A transaction with no repositories, only its end: for core parts that register what to do after a commit or a
 * rollback (the stores' own contract tests check that real transactions run them).
 */
public final class FakeTx implements Tx {
    private final List<Runnable> afterCommit = new ArrayList<>();
    private final List<Runnable> onRollback = new ArrayList<>();

    public void commit() {
        afterCommit.forEach(Runnable::run);
    }

    public void rollback() {
        onRollback.forEach(Runnable::run);
    }

    @Override public void afterCommit(Runnable action) { afterCommit.add(action); }
    @Override public void onRollback(Runnable action) { onRollback.add(action); }

    @Override public ImageRepository images() { throw none(); }
    @Override public InventoryRepository inventory() { throw none(); }
    @Override public UserRepository users() { throw none(); }
    @Override public TokenRepository tokens() { throw none(); }
    @Override public ReservationRepository reservations() { throw none(); }
    @Override public AllocationRepository allocations() { throw none(); }
    @Override public EventLog events() { throw none(); }
    @Override public BlockRepository blocks() { throw none(); }
    @Override public ApiCallLog apiCalls() { throw none(); }

    private static UnsupportedOperationException none() {
        return new UnsupportedOperationException("a FakeTx has no repositories");
    }
}
