package io.berth.server.lifecycle;

import io.berth.core.BerthCore;
import io.berth.core.admin.PasswordHasher;
import io.berth.core.domain.ConnectData;
import io.berth.core.domain.ConnectMethod;
import io.berth.core.domain.Host;
import io.berth.core.domain.HostState;
import io.berth.core.domain.Image;
import io.berth.core.domain.Inventory;
import io.berth.core.domain.Pool;
import io.berth.core.domain.Resources;
import io.berth.core.domain.Role;
import io.berth.core.domain.User;
import io.berth.core.event.InProcessEventBus;
import io.berth.core.rebalance.RebalanceService;
import io.berth.core.reservation.LifecycleObserver;
import io.berth.core.reservation.Reservation;
import io.berth.core.reservation.ReservationRequest;
import io.berth.core.reservation.ReservationState;
import io.berth.core.resource.CandidateHost;
import io.berth.core.resource.DiscoveredHost;
import io.berth.core.resource.Instance;
import io.berth.core.resource.LiveInstance;
import io.berth.core.resource.PlacementDecision;
import io.berth.core.resource.PlacementExplanation;
import io.berth.core.resource.PlacementRequest;
import io.berth.core.resource.PolicyDescription;
import io.berth.core.resource.ProvisionRequest;
import io.berth.core.resource.ReclaimRequest;
import io.berth.core.resource.ResourceManager;
import io.berth.core.resource.ResourceManagerContext;
import io.berth.core.store.Store;
import io.berth.server.support.TestBerth;
import io.berth.store.jdbc.DatabaseSettings;
import io.berth.store.jdbc.JdbcStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * What the core offers a resource manager that discovers its hosts and reconciles its instances: syncHosts,
 * liveInstances and instanceLost, through a real core and store with a resource manager that records its calls.
 */
class ResourceManagerContextTest {
    static final String TYPE = "discovering";

    Store store;
    InProcessEventBus bus;
    BerthCore core;
    final Recording rm = new Recording();
    User admin;

    @BeforeEach
    void start() {
        store = JdbcStore.open(DatabaseSettings.h2InMemory("ctx" + UUID.randomUUID().toString().replace("-", "")));
        bus = new InProcessEventBus(store, InProcessEventBus.Settings.defaults());
        core = new BerthCore(store, bus, List.of(rm), new PlainHasher(), new BerthCore.Options(TestBerth.fastLifecycle(), Clock.systemUTC(),
                LifecycleObserver.NONE, Duration.ofHours(1), true, new RebalanceService.Settings(Duration.ZERO, Duration.ofMinutes(30), Duration.ofSeconds(30))));
        admin = core.accounts().createUser("root", "Root", "root@test", Role.ADMIN, "pw-pw-pw-pw".toCharArray());
    }

    @AfterEach
    void stop() {
        core.close();
        bus.close();
        store.close();
    }

    static DiscoveredHost esx(String moid, String name, HostState state, long cores) {
        return new DiscoveredHost(moid, name, List.of(new Inventory("VCPU", cores, 0, 4.0), Inventory.of("MEMORY_MB", 65_536)), state, "as reported");
    }

    Host host(String externalId) {
        return core.inventory().hosts(null).stream().filter(h -> externalId.equals(h.externalId())).findFirst().orElseThrow();
    }

    @Test
    void discoveredHostsJoinAPoolMadeForThemAndFollowTheirCapacity() {
        List<Host> first = rm.context.syncHosts(TYPE, "esx", List.of(esx("host-1", "esx-a", HostState.AVAILABLE, 16),
                esx("host-2", "esx-b", HostState.MAINTENANCE, 16)));

        Pool pool = core.inventory().pools().stream().filter(p -> p.name().equals("esx")).findFirst().orElseThrow();
        assertThat(pool.resourceType()).isEqualTo(TYPE);
        assertThat(pool.placementPolicy()).isEqualTo("first-available");
        assertThat(first).extracting(Host::name, Host::state, Host::poolId, Host::externalId).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("esx-a", HostState.AVAILABLE, pool.id(), "host-1"),
                org.assertj.core.groups.Tuple.tuple("esx-b", HostState.MAINTENANCE, pool.id(), "host-2"));

        rm.context.syncHosts(TYPE, "esx", List.of(esx("host-1", "esx-a", HostState.AVAILABLE, 32), esx("host-2", "esx-b", HostState.MAINTENANCE, 16)));

        assertThat(host("host-1").inventory("VCPU")).contains(new Inventory("VCPU", 32, 0, 4.0));
        assertThat(core.inventory().hosts(pool.id())).hasSize(2);
    }

    @Test
    void aDiscoveredNameAnotherHostHasGetsItsExternalIdAdded() {
        Pool other = core.inventory().createPool("hand-made", TYPE, "", null, Map.of());
        core.inventory().addHost(other.id(), "esx-a", List.of(Inventory.of("VCPU", 4)), null);

        rm.context.syncHosts(TYPE, "esx", List.of(esx("host-1", "esx-a", HostState.AVAILABLE, 16)));

        assertThat(host("host-1").name()).isEqualTo("esx-a (host-1)");
    }

    @Test
    void stateChangesFollowTheResourceButAnAdminsMaintenanceIsKept() {
        rm.context.syncHosts(TYPE, "esx", List.of(esx("host-1", "esx-a", HostState.AVAILABLE, 16), esx("host-2", "esx-b", HostState.AVAILABLE, 16)));
        core.inventory().setHostState(host("host-1").id(), HostState.MAINTENANCE, "firmware");

        rm.context.syncHosts(TYPE, "esx", List.of(esx("host-1", "esx-a", HostState.AVAILABLE, 16), esx("host-2", "esx-b", HostState.MAINTENANCE, 16)));
        assertThat(host("host-1").state()).as("the resource still says AVAILABLE: the admin's maintenance stays").isEqualTo(HostState.MAINTENANCE);
        assertThat(host("host-2").state()).isEqualTo(HostState.MAINTENANCE);

        rm.context.syncHosts(TYPE, "esx", List.of(esx("host-1", "esx-a", HostState.DOWN, 16), esx("host-2", "esx-b", HostState.AVAILABLE, 16)));
        assertThat(host("host-1").state()).isEqualTo(HostState.DOWN);
        assertThat(host("host-2").state()).isEqualTo(HostState.AVAILABLE);

        rm.context.syncHosts(TYPE, "esx", List.of(esx("host-1", "esx-a", HostState.AVAILABLE, 16)));
        assertThat(host("host-1").state()).isEqualTo(HostState.AVAILABLE);
        assertThat(host("host-2").state()).as("no longer reported").isEqualTo(HostState.DOWN);
    }

    @Test
    void aPoolOfAnotherResourceTypeIsNotTakenOver() {
        store.inTransaction(tx -> tx.inventory().insertPool(new Pool(0, "not-mine", "sim", "", "round-robin", Map.of())));

        assertThatThrownBy(() -> rm.context.syncHosts(TYPE, "not-mine", List.of(esx("host-1", "esx-a", HostState.AVAILABLE, 16))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("pool not-mine serves resource type sim");
        assertThat(core.inventory().hosts(null)).isEmpty();
    }

    @Test
    void aHostReportedDownFailsWhatRunsThere() {
        rm.context.syncHosts(TYPE, "esx", List.of(esx("host-1", "esx-a", HostState.AVAILABLE, 16)));
        Reservation r = reserveAndAwaitReady();

        rm.context.syncHosts(TYPE, "esx", List.of(new DiscoveredHost("host-1", "esx-a", List.of(Inventory.of("VCPU", 16)), HostState.DOWN,
                "not responding to vCenter")));

        await().atMost(Duration.ofSeconds(10)).until(() -> state(r.id()) == ReservationState.FAILED);
        assertThat(reservation(r.id()).failureCause()).isEqualTo("host went down: not responding to vCenter");
    }

    @Test
    void liveInstancesListWhatHoldsAHostAndALostInstanceFailsItsReservationAndFreesItsCapacity() {
        rm.context.syncHosts(TYPE, "esx", List.of(esx("host-1", "esx-a", HostState.AVAILABLE, 16)));
        Reservation ready = reserveAndAwaitReady();
        Reservation ended = reserveAndAwaitReady();
        core.reservations().end(admin, ended.id());
        await().atMost(Duration.ofSeconds(10)).until(() -> state(ended.id()) == ReservationState.CLOSED);

        List<LiveInstance> live = rm.context.liveInstances(TYPE);

        assertThat(live).containsExactly(new LiveInstance(ready.id(), host("host-1").id(), "vm-" + ready.id(), ReservationState.READY));
        assertThat(rm.context.liveInstances("another-type")).isEmpty();

        assertThat(rm.context.instanceLost(ready.id(), "its VM (vm-x) no longer exists")).isTrue();

        await().atMost(Duration.ofSeconds(10)).until(() -> rm.reclaimed.containsKey(ready.id()));
        await().atMost(Duration.ofSeconds(10)).until(() -> reservation(ready.id()).reclaimedAt() != null);
        assertThat(reservation(ready.id()).state()).isEqualTo(ReservationState.FAILED);
        assertThat(reservation(ready.id()).failureCause()).isEqualTo("its VM (vm-x) no longer exists");
        assertThat(rm.context.liveInstances(TYPE)).isEmpty();
        assertThat(rm.context.instanceLost(ended.id(), "late")).as("a closed reservation is not failed").isFalse();
        assertThat(reservation(ended.id()).state()).isEqualTo(ReservationState.CLOSED);
    }

    private Reservation reserveAndAwaitReady() {
        Image image = core.images().visibleTo(admin).stream().filter(i -> i.name().equals("linux")).findFirst().orElseGet(() ->
                core.images().create(new Image(0, "linux", "", "Linux", TYPE, Resources.of(2, 2048, 0), 10, Duration.ofHours(2),
                        List.of(new ConnectMethod("ssh", "ssh", 22)), List.of())));
        Reservation r = core.reservations().request(admin, new ReservationRequest(image.id(), null, null, Duration.ofMinutes(30)));
        await().atMost(Duration.ofSeconds(10)).until(() -> state(r.id()) == ReservationState.READY);
        return r;
    }

    private Reservation reservation(long id) {
        return store.inTransaction(tx -> tx.reservations().find(id)).orElseThrow();
    }

    private ReservationState state(long id) {
        return reservation(id).state();
    }

    /** A resource manager that places on the first available host, provisions at once and records reclaims. */
    static final class Recording implements ResourceManager {
        volatile ResourceManagerContext context;
        final Map<Long, String> reclaimed = new ConcurrentHashMap<>();

        @Override public String resourceType() { return TYPE; }

        @Override public List<PolicyDescription> policies() {
            return List.of(new PolicyDescription("first-available", "the first available host", Map.of()));
        }

        @Override public void start(ResourceManagerContext c) { this.context = c; }

        @Override
        public PlacementDecision place(PlacementRequest request) {
            for (CandidateHost c : request.candidates()) {
                if (c.host().state() == HostState.AVAILABLE && request.image().minimum().fitsIn(c.free())) {
                    return new PlacementDecision.Chosen(c, new PlacementExplanation("first-available", java.time.Instant.now(), List.of(),
                            c.host().id(), "first available", Map.of()));
                }
            }
            return new PlacementDecision.NoHost(new PlacementExplanation("first-available", java.time.Instant.now(), List.of(), null, "none", Map.of()));
        }

        @Override
        public Instance provision(ProvisionRequest request) {
            return new Instance("vm-" + request.reservationId(), new ConnectData("10.0.0.1", List.of(), request.owner().login(), "pw"));
        }

        @Override
        public void reclaim(ReclaimRequest request) {
            reclaimed.put(request.reservationId(), String.valueOf(request.instanceId()));
        }
    }

    static final class PlainHasher implements PasswordHasher {
        @Override public String hash(char[] password) { return "plain:" + new String(password); }
        @Override public boolean verify(char[] password, String hash) { return hash.equals("plain:" + new String(password)); }
    }
}
