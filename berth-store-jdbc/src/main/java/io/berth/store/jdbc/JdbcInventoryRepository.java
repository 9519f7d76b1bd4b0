package io.berth.store.jdbc;

import com.fasterxml.jackson.core.type.TypeReference;
import io.berth.core.domain.Host;
import io.berth.core.domain.HostState;
import io.berth.core.domain.Inventory;
import io.berth.core.domain.Pool;
import io.berth.core.store.InventoryRepository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Pools, and hosts with their inventories (a child table, read back in the host's own order). Pools, a pool's hosts
 * and a host by id come from the {@link CatalogCache} unless this transaction changed the inventory itself.
 */
final class JdbcInventoryRepository implements InventoryRepository {
    /** The pools in id order, each pool's hosts in id order, and every host by id. */
    record InventoryContents(List<Pool> pools, Map<Long, List<Host>> hostsByPool, Map<Long, Host> hostsById) {}

    private static final String POOL_COLUMNS = "id, name, resource_type, description, placement_policy, policy_settings";
    private static final TypeReference<Map<String, String>> SETTINGS = new TypeReference<>() {};

    private final Sql sql;
    private final CatalogCache.InTransaction<InventoryContents> catalog;

    /** Reads come from {@code catalog} unless this transaction changed it itself. */
    JdbcInventoryRepository(Sql sql, CatalogCache.InTransaction<InventoryContents> catalog) {
        this.sql = sql;
        this.catalog = catalog;
    }


    private InventoryContents contents() {
        return catalog.get(() -> {
            List<Pool> pools = sql.list("SELECT " + POOL_COLUMNS + " FROM pools ORDER BY id", JdbcInventoryRepository::pool);
            List<Host> hosts = hostsWhere("1 = 1");
            Map<Long, List<Host>> byPool = hosts.stream()
                    .collect(Collectors.groupingBy(Host::poolId, LinkedHashMap::new, Collectors.toUnmodifiableList()));
            Map<Long, Host> byId = hosts.stream().collect(Collectors.toUnmodifiableMap(Host::id, h -> h));
            return new InventoryContents(List.copyOf(pools), Collections.unmodifiableMap(byPool), byId);
        });
    }

    @Override
    public Pool insertPool(Pool pool) {
        catalog.writing();
        long id = sql.insertUnique("pools.name", pool.name(),
                "INSERT INTO pools (name, resource_type, description, placement_policy, policy_settings) VALUES (?, ?, ?, ?, ?)",
                pool.name(), pool.resourceType(), pool.description(), pool.placementPolicy(), Json.write(pool.policySettings()));
        return new Pool(id, pool.name(), pool.resourceType(), pool.description(), pool.placementPolicy(), pool.policySettings());
    }

    @Override
    public Optional<Pool> findPool(long id) {
        return sql.first("SELECT " + POOL_COLUMNS + " FROM pools WHERE id = ?", JdbcInventoryRepository::pool, id);
    }

    @Override
    public Optional<Pool> findPoolByName(String name) {
        return sql.first("SELECT " + POOL_COLUMNS + " FROM pools WHERE name = ?", JdbcInventoryRepository::pool, name);
    }

    @Override
    public List<Pool> pools() {
        if (!catalog.wrote()) return contents().pools();
        return sql.list("SELECT " + POOL_COLUMNS + " FROM pools ORDER BY id", JdbcInventoryRepository::pool);
    }

    @Override
    public void updatePool(Pool pool) {
        catalog.writing();
        sql.updateUnique("pools.name", pool.name(),
                "UPDATE pools SET name = ?, resource_type = ?, description = ?, placement_policy = ?, policy_settings = ?"
                        + " WHERE id = ?",
                pool.name(), pool.resourceType(), pool.description(), pool.placementPolicy(),
                Json.write(pool.policySettings()), pool.id());
    }

    @Override
    public boolean deletePool(long id) {
        catalog.writing();
        return sql.delete("pool " + id, "DELETE FROM pools WHERE id = ?", id);
    }

    @Override
    public Host insertHost(Host host) {
        catalog.writing();
        long id = sql.insertUnique("hosts.name", host.name(),
                "INSERT INTO hosts (pool_id, name, resource_type, state, external_id) VALUES (?, ?, ?, ?, ?)",
                host.poolId(), host.name(), host.resourceType(), host.state(), host.externalId());
        insertInventories(id, host.inventories());
        return new Host(id, host.poolId(), host.name(), host.resourceType(), host.state(), host.inventories(),
                host.externalId());
    }

    @Override
    public Optional<Host> findHost(long id) {
        if (!catalog.wrote()) return Optional.ofNullable(contents().hostsById().get(id));
        return hostsWhere("h.id = ?", id).stream().findFirst();
    }

    @Override
    public Optional<Host> findHostByName(String name) {
        return hostsWhere("h.name = ?", name).stream().findFirst();
    }

    @Override
    public List<Host> hosts() {
        return hostsWhere("1 = 1");
    }

    @Override
    public List<Host> hostsInPool(long poolId) {
        if (!catalog.wrote()) return contents().hostsByPool().getOrDefault(poolId, List.of());
        return hostsWhere("h.pool_id = ?", poolId);
    }

    @Override
    public List<Host> hostsOfType(String resourceType) {
        return hostsWhere("h.resource_type = ?", resourceType);
    }

    @Override
    public void updateHostState(long hostId, HostState state) {
        catalog.writing();
        sql.update("UPDATE hosts SET state = ? WHERE id = ?", state, hostId);
    }

    @Override
    public void updateHostInventories(long hostId, List<Inventory> inventories) {
        catalog.writing();
        sql.update("DELETE FROM host_inventories WHERE host_id = ?", hostId);
        insertInventories(hostId, inventories);
    }

    private void insertInventories(long hostId, List<Inventory> inventories) {
        int ordinal = 0;
        for (Inventory inventory : inventories) {
            sql.update("INSERT INTO host_inventories (host_id, ordinal, resource_class, total, reserved, allocation_ratio)"
                            + " VALUES (?, ?, ?, ?, ?, ?)",
                    hostId, ordinal++, inventory.resourceClass(), inventory.total(), inventory.reserved(),
                    inventory.allocationRatio());
        }
    }

    @Override
    public boolean deleteHost(long id) {
        catalog.writing();
        return sql.delete("host " + id, "DELETE FROM hosts WHERE id = ?", id);
    }

    /** One statement, so hosts and inventories come from the same snapshot even under READ COMMITTED. */
    private List<Host> hostsWhere(String condition, Object... params) {
        Map<Long, HostRow> hosts = new LinkedHashMap<>();
        sql.list("SELECT h.id, h.pool_id, h.name, h.resource_type, h.state, h.external_id,"
                        + " i.resource_class, i.total, i.reserved, i.allocation_ratio"
                        + " FROM hosts h LEFT JOIN host_inventories i ON i.host_id = h.id"
                        + " WHERE " + condition + " ORDER BY h.id, i.ordinal",
                rs -> {
                    HostRow host = hosts.computeIfAbsent(rs.getLong("id"), id -> hostRow(rs));
                    String resourceClass = rs.getString("resource_class");
                    if (resourceClass != null) {
                        host.inventories().add(new Inventory(resourceClass, rs.getLong("total"), rs.getLong("reserved"),
                                rs.getDouble("allocation_ratio")));
                    }
                    return null;
                }, params);
        return hosts.values().stream().map(HostRow::host).toList();
    }

    private record HostRow(long id, long poolId, String name, String resourceType, HostState state, String externalId,
                           List<Inventory> inventories) {
        Host host() {
            return new Host(id, poolId, name, resourceType, state, inventories, externalId);
        }
    }

    private static HostRow hostRow(ResultSet rs) {
        try {
            return new HostRow(rs.getLong("id"), rs.getLong("pool_id"), rs.getString("name"),
                    rs.getString("resource_type"), HostState.valueOf(rs.getString("state")), rs.getString("external_id"),
                    new ArrayList<>());
        } catch (SQLException e) {
            throw Sql.translate(e);
        }
    }

    private static Pool pool(ResultSet rs) throws SQLException {
        return new Pool(rs.getLong("id"), rs.getString("name"), rs.getString("resource_type"), rs.getString("description"),
                rs.getString("placement_policy"), Json.read(rs.getString("policy_settings"), SETTINGS));
    }
}
