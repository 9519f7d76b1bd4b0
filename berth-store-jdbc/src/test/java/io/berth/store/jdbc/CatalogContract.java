package io.berth.store.jdbc;

import io.berth.core.domain.ConnectMethod;
import io.berth.core.domain.Host;
import io.berth.core.domain.HostState;
import io.berth.core.domain.Image;
import io.berth.core.domain.Inventory;
import io.berth.core.domain.Pool;
import io.berth.core.domain.Resources;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Pools, hosts and images. */
abstract class CatalogContract extends StoreContract {

    @Test
    void poolRoundTripsWithPolicySettings() {
        Pool pool = new Pool(999, "lab-a", "sim", "the first lab", "least-loaded",
                Map.of("weight.cpu", "2.5", "weight.memory", "1", "spread", "true"));

        Pool inserted = tx(tx -> tx.inventory().insertPool(pool));

        assertThat(inserted.id()).isNotEqualTo(999).isPositive();
        assertThat(inserted).usingRecursiveComparison().ignoringFields("id").isEqualTo(pool);
        assertThat(optional(tx -> tx.inventory().findPool(inserted.id()))).contains(inserted);
        assertThat(optional(tx -> tx.inventory().findPoolByName("lab-a"))).contains(inserted);
        assertThat(list(tx -> tx.inventory().pools())).containsExactly(inserted);
    }

    @Test
    void poolUpdateRewritesEveryField() {
        Pool pool = insertPool("lab-a");
        Pool changed = new Pool(pool.id(), "lab-b", "other", "renamed", "round-robin", Map.of("k", "v"));

        tx(tx -> {
            tx.inventory().updatePool(changed);
            return null;
        });

        assertThat(optional(tx -> tx.inventory().findPool(pool.id()))).contains(changed);
        assertThat(optional(tx -> tx.inventory().findPoolByName("lab-a"))).isEmpty();
    }

    /** Pools and hosts are served from memory between changes; every committed change shows at once, own ones too. */
    @Test
    void theInventoryAsReadAlwaysReflectsCommittedChanges() {
        Pool pool = insertPool("lab-a");
        Host host = insertHost(pool.id(), "h1", Inventory.of("VCPU", 8));
        assertThat(list(tx -> tx.inventory().hostsInPool(pool.id()))).extracting(Host::state).containsExactly(HostState.AVAILABLE);

        RuntimeException abandoned = new IllegalStateException("abandoned");
        assertThatThrownBy(() -> store.run(tx -> {
            tx.inventory().updateHostState(host.id(), HostState.MAINTENANCE);
            assertThat(tx.inventory().hostsInPool(pool.id())).extracting(Host::state).containsExactly(HostState.MAINTENANCE);
            throw abandoned;
        })).isSameAs(abandoned);
        assertThat(list(tx -> tx.inventory().hostsInPool(pool.id()))).extracting(Host::state).containsExactly(HostState.AVAILABLE);

        store.run(tx -> tx.inventory().updateHostState(host.id(), HostState.MAINTENANCE));
        assertThat(optional(tx -> tx.inventory().findHost(host.id()))).map(Host::state).contains(HostState.MAINTENANCE);
        Host second = insertHost(pool.id(), "h2", Inventory.of("VCPU", 4));
        Pool other = insertPool("lab-b");

        assertThat(list(tx -> tx.inventory().hostsInPool(pool.id()))).extracting(Host::name, Host::state)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("h1", HostState.MAINTENANCE),
                        org.assertj.core.groups.Tuple.tuple(second.name(), HostState.AVAILABLE));
        assertThat(list(tx -> tx.inventory().pools())).extracting(Pool::name).containsExactly("lab-a", other.name());
    }

    /** Images too are served from memory between changes, and every committed change shows at once. */
    @Test
    void imagesAsReadAlwaysReflectCommittedChanges() {
        Image debian = insertImage("debian");
        assertThat(optional(tx -> tx.images().find(debian.id()))).contains(debian);
        Image renamed = new Image(debian.id(), "debian-13", debian.description(), debian.os(), debian.resourceType(),
                debian.minimum(), debian.maxConcurrent(), debian.maxDuration(), debian.connectMethods(), debian.pools(),
                debian.overcommitLimits());

        RuntimeException abandoned = new IllegalStateException("abandoned");
        assertThatThrownBy(() -> store.run(tx -> {
            tx.images().update(renamed);
            assertThat(tx.images().find(debian.id())).contains(renamed);
            throw abandoned;
        })).isSameAs(abandoned);
        assertThat(optional(tx -> tx.images().find(debian.id()))).contains(debian);

        store.run(tx -> tx.images().update(renamed));
        Image ubuntu = insertImage("ubuntu");

        assertThat(optional(tx -> tx.images().find(debian.id()))).contains(renamed);
        assertThat(list(tx -> tx.images().all())).containsExactly(renamed, ubuntu);
        store.run(tx -> tx.images().delete(ubuntu.id()));
        assertThat(optional(tx -> tx.images().find(ubuntu.id()))).isEmpty();
    }

    @Test
    void missingRowsAreEmpty() {
        assertThat(optional(tx -> tx.inventory().findPool(42))).isEmpty();
        assertThat(optional(tx -> tx.inventory().findHost(42))).isEmpty();
        assertThat(optional(tx -> tx.inventory().findHostByName("nope"))).isEmpty();
        assertThat(optional(tx -> tx.images().find(42))).isEmpty();
        assertThat(optional(tx -> tx.images().findByName("nope"))).isEmpty();
        assertThat(flag(tx -> tx.inventory().deletePool(42))).isFalse();
        assertThat(flag(tx -> tx.inventory().deleteHost(42))).isFalse();
        assertThat(flag(tx -> tx.images().delete(42))).isFalse();
    }

    @Test
    void duplicatePoolNameIsADuplicateKey() {
        insertPool("lab-a");
        Pool other = insertPool("lab-b");

        assertThatThrownBy(() -> insertPool("lab-a"))
                .isInstanceOfSatisfying(DuplicateKeyException.class, e -> assertThat(e.key()).isEqualTo("pools.name"))
                .hasMessageContaining("pools.name").hasMessageContaining("lab-a");
        assertThatThrownBy(() -> tx(tx -> {
            tx.inventory().updatePool(new Pool(other.id(), "lab-a", "sim", "", "round-robin", Map.of()));
            return null;
        })).isInstanceOf(DuplicateKeyException.class).hasMessageContaining("pools.name");
    }

    @Test
    void aRefusedWriteLeavesTheTransactionUsable() {
        insertPool("lab-a");

        tx(tx -> {
            assertThatThrownBy(() -> tx.inventory().insertPool(new Pool(0, "lab-a", "sim", "", "x", Map.of())))
                    .isInstanceOf(DuplicateKeyException.class);
            return tx.inventory().insertPool(new Pool(0, "lab-b", "sim", "", "x", Map.of()));
        });

        assertThat(list(tx -> tx.inventory().pools())).extracting(Pool::name).containsExactly("lab-a", "lab-b");
    }

    @Test
    void hostRoundTripsWithInventoriesInTheirOwnOrder() {
        Pool pool = insertPool("lab-a");
        Host host = new Host(0, pool.id(), "h-1", "sim", HostState.AVAILABLE, List.of(
                new Inventory("VCPU", 32, 2, 4.0),
                new Inventory("MEMORY_MB", 131072, 4096, 1.5),
                new Inventory("GPU_A100", 4, 0, 1.0),
                new Inventory("DISK_GB", 2000, 100, 0.9)), "vm-host-17");

        Host inserted = tx(tx -> tx.inventory().insertHost(host));

        assertThat(inserted).isEqualTo(new Host(inserted.id(), pool.id(), "h-1", "sim", HostState.AVAILABLE,
                host.inventories(), "vm-host-17"));
        assertThat(optional(tx -> tx.inventory().findHost(inserted.id()))).contains(inserted);
        assertThat(optional(tx -> tx.inventory().findHostByName("h-1"))).contains(inserted);
        assertThat(inserted.capacity().get("VCPU")).isEqualTo(120);
    }

    @Test
    void hostWithoutInventoriesOrExternalIdRoundTrips() {
        Pool pool = insertPool("lab-a");
        Host inserted = insertHost(pool.id(), "bare");

        assertThat(optional(tx -> tx.inventory().findHost(inserted.id()))).contains(inserted);
        assertThat(inserted.inventories()).isEmpty();
        assertThat(inserted.externalId()).isNull();
    }

    @Test
    void hostsAreListedByPoolAndType() {
        Pool a = insertPool("lab-a");
        Pool b = insertPool("lab-b");
        Host h1 = insertHost(a.id(), "h-1", Inventory.of("VCPU", 8));
        Host h2 = insertHost(b.id(), "h-2", Inventory.of("VCPU", 16), Inventory.of("GPU_A100", 2));
        Host other = tx(tx -> tx.inventory().insertHost(new Host(0, b.id(), "v-1", "vsphere", HostState.AVAILABLE,
                List.of(Inventory.of("VCPU", 64)), "host-9")));

        assertThat(list(tx -> tx.inventory().hosts())).containsExactly(h1, h2, other);
        assertThat(list(tx -> tx.inventory().hostsInPool(b.id()))).containsExactly(h2, other);
        assertThat(list(tx -> tx.inventory().hostsOfType("sim"))).containsExactly(h1, h2);
        assertThat(list(tx -> tx.inventory().hostsOfType("none"))).isEmpty();
    }

    @Test
    void hostStateChanges() {
        Host host = insertHost(insertPool("lab-a").id(), "h-1", Inventory.of("VCPU", 8));

        store.run(tx -> tx.inventory().updateHostState(host.id(), HostState.MAINTENANCE));

        assertThat(optional(tx -> tx.inventory().findHost(host.id()))).contains(host.withState(HostState.MAINTENANCE));
    }

    @Test
    void hostInventoriesAreReplacedInTheGivenOrder() {
        Host host = insertHost(insertPool("lab-a").id(), "h-1", Inventory.of("VCPU", 8), Inventory.of("MEMORY_MB", 1024));
        List<Inventory> grown = List.of(new Inventory("MEMORY_MB", 4096, 512, 1.0), new Inventory("VCPU", 16, 0, 4.0),
                Inventory.of("DISK_GB", 500));

        store.run(tx -> tx.inventory().updateHostInventories(host.id(), grown));

        assertThat(optional(tx -> tx.inventory().findHost(host.id()))).contains(new Host(host.id(), host.poolId(), "h-1",
                host.resourceType(), host.state(), grown, host.externalId()));
    }

    @Test
    void duplicateHostNameIsADuplicateKey() {
        Pool pool = insertPool("lab-a");
        insertHost(pool.id(), "h-1");

        assertThatThrownBy(() -> insertHost(pool.id(), "h-1"))
                .isInstanceOfSatisfying(DuplicateKeyException.class, e -> assertThat(e.key()).isEqualTo("hosts.name"));
    }

    @Test
    void aPoolWithHostsCannotBeDeleted() {
        Pool pool = insertPool("lab-a");
        Host host = insertHost(pool.id(), "h-1", Inventory.of("VCPU", 8));

        assertThatThrownBy(() -> tx(tx -> tx.inventory().deletePool(pool.id())))
                .isInstanceOf(ReferencedRowException.class).hasMessageContaining("pool " + pool.id());

        assertThat(flag(tx -> tx.inventory().deleteHost(host.id()))).isTrue();
        assertThat(flag(tx -> tx.inventory().deletePool(pool.id()))).isTrue();
        assertThat(optional(tx -> tx.inventory().findPool(pool.id()))).isEmpty();
        assertThat(database.queryLong("SELECT COUNT(*) FROM host_inventories")).isZero();
    }

    @Test
    void imageRoundTripsWithConnectMethodsAndPools() {
        Pool a = insertPool("lab-a");
        Pool b = insertPool("lab-b");
        Image image = new Image(77, "ubuntu-gpu", "Ubuntu with CUDA", "Ubuntu 24.04", "sim",
                new Resources(Map.of("VCPU", 4L, "MEMORY_MB", 16384L, "DISK_GB", 80L, "GPU_A100", 1L)), 3,
                Duration.ofHours(12),
                List.of(new ConnectMethod("desktop", "rdp", 3389), new ConnectMethod("ssh", "ssh", 22)),
                List.of(b.id(), a.id()));

        Image inserted = tx(tx -> tx.images().insert(image));

        assertThat(inserted.id()).isNotEqualTo(77);
        assertThat(inserted).usingRecursiveComparison().ignoringFields("id").isEqualTo(image);
        assertThat(optional(tx -> tx.images().find(inserted.id()))).contains(inserted);
        assertThat(optional(tx -> tx.images().findByName("ubuntu-gpu"))).contains(inserted);
        assertThat(list(tx -> tx.images().all())).containsExactly(inserted);
    }

    @Test
    void imageUpdateAndDelete() {
        Image image = insertImage("debian");
        Image changed = new Image(image.id(), "debian-13", "newer", "Debian 13", "sim", Resources.of(1, 1024, 10), 9,
                Duration.ofMinutes(90), List.of(new ConnectMethod("web", "https", 443)), List.of(5L));

        store.run(tx -> tx.images().update(changed));

        assertThat(optional(tx -> tx.images().find(image.id()))).contains(changed);
        assertThat(flag(tx -> tx.images().delete(image.id()))).isTrue();
        assertThat(list(tx -> tx.images().all())).isEmpty();
    }

    @Test
    void duplicateImageNameIsADuplicateKey() {
        insertImage("debian");
        Image other = insertImage("ubuntu");

        assertThatThrownBy(() -> insertImage("debian"))
                .isInstanceOfSatisfying(DuplicateKeyException.class, e -> assertThat(e.key()).isEqualTo("images.name"));
        assertThatThrownBy(() -> store.run(tx -> tx.images().update(new Image(other.id(), "debian", "", "", "sim",
                Resources.NONE, 1, Duration.ofHours(1), List.of(), List.of()))))
                .isInstanceOf(DuplicateKeyException.class);
    }

    @Test
    void imageMaximumDurationKeepsWholeSeconds() {
        Image image = tx(tx -> tx.images().insert(new Image(0, "x", "", "", "sim", Resources.NONE, 1,
                Duration.ofSeconds(90, 500), List.of(), List.of())));

        assertThat(image.maxDuration()).isEqualTo(Duration.ofSeconds(90));
        assertThat(optional(tx -> tx.images().find(image.id()))).contains(image);
    }

    @Test
    void anImagesOvercommitLimitsRoundTrip() {
        Image draft = new Image(0, "dedicated", "", "", "sim", Resources.of(4, 8192, 10), 3, java.time.Duration.ofHours(2),
                List.of(new ConnectMethod("ssh", "ssh", 22)), List.of(), java.util.Map.of("VCPU", 1.0, "MEMORY_MB", 1.25));
        Image stored = tx(tx -> tx.images().insert(draft));
        assertThat(optional(tx -> tx.images().find(stored.id()))).contains(stored);
        assertThat(stored.overcommitLimits()).containsEntry("VCPU", 1.0).containsEntry("MEMORY_MB", 1.25);
    }
}
