package io.berth.store.jdbc;

import io.berth.core.calendar.Allocation;
import io.berth.core.calendar.LedgerEntry;
import io.berth.core.reservation.ReservationState;
import io.berth.core.domain.TimeWindow;
import io.berth.core.store.AllocationRepository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The capacity calendar. A reservation keeps its one allocation row after release (released_at set);
 * only unreleased rows hold capacity. Windows are half-open, so windows that merely touch do not overlap.
 */
final class JdbcAllocationRepository implements AllocationRepository {
    private static final String SELECT_ACTIVE =
            "SELECT reservation_id, host_id, resources, window_start, window_end, migrating_to FROM allocations WHERE released_at IS NULL";
    /** Keeps IN lists well below every driver's parameter limit. */
    private static final int HOSTS_PER_QUERY = 500;

    private final Sql sql;

    JdbcAllocationRepository(Sql sql) {
        this.sql = sql;
    }

    @Override
    public void insert(Allocation a) {
        sql.update("INSERT INTO allocations (reservation_id, host_id, resources, window_start, window_end)"
                        + " VALUES (?, ?, ?, ?, ?)",
                a.reservationId(), a.hostId(), Json.writeResources(a.resources()), a.window().start(), a.window().end());
    }

    @Override
    public List<LedgerEntry> unreleasedEntries() {
        return sql.list("SELECT a.reservation_id, a.host_id, a.resources, a.window_start, a.window_end, a.migrating_to,"
                + " r.image_id, r.group_name, r.window_start AS r_start, r.window_end AS r_end, r.state"
                + " FROM allocations a JOIN reservations r ON r.id = a.reservation_id WHERE a.released_at IS NULL"
                + " ORDER BY a.reservation_id", rs -> new LedgerEntry(allocation(rs), rs.getLong("image_id"),
                rs.getString("group_name"), new TimeWindow(Sql.instant(rs, "r_start"), Sql.instant(rs, "r_end")),
                !ReservationState.valueOf(rs.getString("state")).isTerminal()));
    }

    @Override
    public List<Allocation> activeOverlapping(Collection<Long> hostIds, TimeWindow window) {
        return onHosts(hostIds, " AND window_start < ? AND window_end > ?", window.end(), window.start());
    }

    @Override
    public Optional<Allocation> activeFor(long reservationId) {
        return sql.first(SELECT_ACTIVE + " AND reservation_id = ?", JdbcAllocationRepository::allocation, reservationId);
    }

    /** @throws StoreException if the reservation holds no active allocation: there is nothing to move */
    @Override
    public void move(long reservationId, long hostId, TimeWindow window) {
        requireOne(reservationId, sql.update("UPDATE allocations SET host_id = ?, window_start = ?, window_end = ?"
                        + " WHERE reservation_id = ? AND released_at IS NULL",
                hostId, window.start(), window.end(), reservationId));
    }

    /** @throws StoreException if the reservation holds no active allocation */
    @Override
    public void changeWindow(long reservationId, TimeWindow window) {
        requireOne(reservationId, sql.update("UPDATE allocations SET window_start = ?, window_end = ?"
                        + " WHERE reservation_id = ? AND released_at IS NULL",
                window.start(), window.end(), reservationId));
    }

    @Override
    public boolean release(long reservationId, Instant at) {
        return sql.update("UPDATE allocations SET released_at = ? WHERE reservation_id = ? AND released_at IS NULL",
                at, reservationId) > 0;
    }

    @Override
    public int countActiveOnHost(long hostId, Instant t) {
        return (int) sql.queryLong("SELECT COUNT(*) FROM allocations WHERE released_at IS NULL"
                + " AND (host_id = ? OR migrating_to = ?) AND window_end > ?", hostId, hostId, t);
    }

    @Override
    public void startMigration(long reservationId, long toHostId) {
        requireOne(reservationId, sql.update("UPDATE allocations SET migrating_to = ? WHERE reservation_id = ? AND released_at IS NULL",
                toHostId, reservationId));
    }

    @Override
    public void finishMigration(long reservationId) {
        requireOne(reservationId, sql.update("UPDATE allocations SET host_id = migrating_to, migrating_to = NULL"
                + " WHERE reservation_id = ? AND released_at IS NULL AND migrating_to IS NOT NULL", reservationId));
    }

    @Override
    public void abortMigration(long reservationId) {
        sql.update("UPDATE allocations SET migrating_to = NULL WHERE reservation_id = ? AND released_at IS NULL", reservationId);
    }

    private List<Allocation> onHosts(Collection<Long> hostIds, String condition, Object... conditionParams) {
        List<Long> hosts = hostIds.stream().distinct().toList();
        List<Allocation> found = new ArrayList<>();
        for (int from = 0; from < hosts.size(); from += HOSTS_PER_QUERY) {
            List<Long> chunk = hosts.subList(from, Math.min(hosts.size(), from + HOSTS_PER_QUERY));
            List<Object> params = new ArrayList<>(chunk);
            params.addAll(chunk);
            params.addAll(List.of(conditionParams));
            String in = Sql.placeholders(chunk.size());
            found.addAll(sql.list(SELECT_ACTIVE + " AND (host_id IN (" + in + ") OR migrating_to IN (" + in + "))" + condition
                    + " ORDER BY reservation_id", JdbcAllocationRepository::allocation, params.toArray()));
        }
        return found;
    }

    private static void requireOne(long reservationId, int updated) {
        if (updated != 1) throw new StoreException("reservation " + reservationId + " holds no active allocation");
    }

    private static Allocation allocation(ResultSet rs) throws SQLException {
        return new Allocation(rs.getLong("reservation_id"), rs.getLong("host_id"), Json.readResources(rs.getString("resources")),
                new TimeWindow(Sql.instant(rs, "window_start"), Sql.instant(rs, "window_end")), Sql.nullableLong(rs, "migrating_to"));
    }
}
