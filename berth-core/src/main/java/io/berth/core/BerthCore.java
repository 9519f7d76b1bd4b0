package io.berth.core;

import io.berth.core.admin.AccountService;
import io.berth.core.admin.ImageService;
import io.berth.core.admin.InventoryService;
import io.berth.core.admin.PasswordHasher;
import io.berth.core.event.EventBus;
import io.berth.core.event.Journal;
import io.berth.core.rebalance.RebalanceService;
import io.berth.core.reservation.Admission;
import io.berth.core.reservation.BlockAllocations;
import io.berth.core.reservation.LifecycleDriver;
import io.berth.core.reservation.LifecycleObserver;
import io.berth.core.reservation.LifecycleSettings;
import io.berth.core.reservation.ReservationService;
import io.berth.core.resource.ResourceManager;
import io.berth.core.resource.ResourceManagers;
import io.berth.core.store.Store;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The core, assembled: services over a store, an event bus and the resource managers. It owns the lifecycle
 * driver and starts it; the store, the bus and the managers are the caller's to close.
 */
public final class BerthCore implements AutoCloseable {
    private final Store store;
    private final EventBus bus;
    private final ResourceManagers managers;
    private final ReservationService reservations;
    private final LifecycleDriver driver;
    private final InventoryService inventory;
    private final ImageService images;
    private final AccountService accounts;
    private final RebalanceService rebalance;
    private final BlockAllocations blocks;

    public record Options(LifecycleSettings lifecycle, Clock clock, LifecycleObserver observer, Duration sessionLifetime,
                          boolean runTimer, RebalanceService.Settings rebalance) {
        public static Options defaults() {
            return new Options(LifecycleSettings.defaults(), Clock.systemUTC(), LifecycleObserver.NONE, Duration.ofHours(12), true,
                    RebalanceService.Settings.defaults());
        }
    }

    public BerthCore(Store store, EventBus bus, List<? extends ResourceManager> managerList, PasswordHasher hasher, Options options) {
        this.store = store;
        this.bus = bus;
        this.managers = new ResourceManagers(managerList);
        Journal journal = new Journal(store, bus, options.clock());
        Admission admission = new Admission(store, journal, managers, options.lifecycle(), options.clock(), options.observer());
        admission.loadLedger();
        journal.whenTerminal(admission.ledger()::ended);
        this.reservations = new ReservationService(store, journal, admission, managers, options.lifecycle(), options.clock());
        this.driver = new LifecycleDriver(store, journal, admission, managers, options.lifecycle(), options.clock(), options.observer());
        this.rebalance = new RebalanceService(store, managers, driver.migrations(), options.clock(), options.rebalance());
        this.inventory = new InventoryService(store, managers, driver, options.clock(), rebalance::evacuateLater);
        this.images = new ImageService(store, managers);
        this.accounts = new AccountService(store, hasher, options.clock(), options.sessionLifetime());
        this.blocks = new BlockAllocations(store, reservations, options.clock());
        driver.subscribeTo(bus);
        var context = new ManagerContext(driver, new io.berth.core.admin.HostSync(store, managers, driver, rebalance::evacuateLater));
        for (ResourceManager m : managers.all()) m.start(context);
        bus.start();
        if (options.runTimer()) {
            driver.startTimer();
            rebalance.startTimer();
        }
    }

    public Store store() { return store; }
    public EventBus bus() { return bus; }
    public ResourceManagers managers() { return managers; }
    public ReservationService reservations() { return reservations; }
    public LifecycleDriver driver() { return driver; }
    public InventoryService inventory() { return inventory; }
    public ImageService images() { return images; }
    public AccountService accounts() { return accounts; }
    public RebalanceService rebalance() { return rebalance; }
    public BlockAllocations blocks() { return blocks; }

    @Override
    public void close() {
        rebalance.close();
        driver.close();
    }
}
