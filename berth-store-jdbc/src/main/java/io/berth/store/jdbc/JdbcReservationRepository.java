package io.berth.store.jdbc;

import io.berth.core.domain.ConnectData;
import io.berth.core.domain.PlacementGroup;
import io.berth.core.domain.TimeWindow;
import io.berth.core.reservation.Reservation;
import io.berth.core.reservation.ReservationState;
import io.berth.core.store.ReservationQuery;
import io.berth.core.store.ReservationRepository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static io.berth.core.reservation.ReservationState.CLOSED;
import static io.berth.core.reservation.ReservationState.ENDING;
import static io.berth.core.reservation.ReservationState.FAILED;
import static io.berth.core.reservation.ReservationState.FUTURE;
import static io.berth.core.reservation.ReservationState.IN_USE;
import static io.berth.core.reservation.ReservationState.PLACED;
import static io.berth.core.reservation.ReservationState.PROVISIONING;
import static io.berth.core.reservation.ReservationState.READY;
import static io.berth.core.reservation.ReservationState.TIMED_OUT;

/** Reservations, and the queries the lifecycle driver polls for due work. Connect data is a JSON column. */
final class JdbcReservationRepository implements ReservationRepository {
    private static final String COLUMNS = "id, owner_id, image_id, resource_type, window_start, window_end, state, host_id,"
            + " instance_id, connect, failure_cause, created_at, ready_at, acknowledged_at, reclaimed_at, version,"
            + " group_name, group_kind";
    private static final String SELECT = "SELECT " + COLUMNS + " FROM reservations";

    private final Sql sql;
    private final Dialect dialect;
    private final ReservationIds ids;

    JdbcReservationRepository(Sql sql, Dialect dialect, ReservationIds ids) {
        this.sql = sql;
        this.dialect = dialect;
        this.ids = ids;
    }

    @Override
    public long newId() {
        return ids.next(() -> sql.queryLong(dialect.nextReservationId));
    }

    @Override
    public void insert(Reservation r) {
        sql.update("INSERT INTO reservations (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                r.id(), r.ownerId(), r.imageId(), r.resourceType(), r.window().start(), r.window().end(), r.state(),
                r.hostId(), r.instanceId(), connectJson(r.connect()), r.failureCause(), r.createdAt(), r.readyAt(),
                r.acknowledgedAt(), r.reclaimedAt(), r.version(),
                r.group() == null ? null : r.group().name(), r.group() == null ? null : r.group().kind());
    }

    @Override
    public Optional<Reservation> find(long id) {
        return sql.first(SELECT + " WHERE id = ?", JdbcReservationRepository::reservation, id);
    }

    @Override
    public Optional<Reservation> lock(long id) {
        return sql.first(SELECT + " WHERE id = ? FOR UPDATE", JdbcReservationRepository::reservation, id);
    }

    @Override
    public boolean update(Reservation r, int expectedVersion) {
        return sql.update("UPDATE reservations SET owner_id = ?, image_id = ?, resource_type = ?, window_start = ?,"
                        + " window_end = ?, state = ?, host_id = ?, instance_id = ?, connect = ?, failure_cause = ?,"
                        + " created_at = ?, ready_at = ?, acknowledged_at = ?, reclaimed_at = ?, version = ?"
                        + " WHERE id = ? AND version = ?",
                r.ownerId(), r.imageId(), r.resourceType(), r.window().start(), r.window().end(), r.state(), r.hostId(),
                r.instanceId(), connectJson(r.connect()), r.failureCause(), r.createdAt(), r.readyAt(),
                r.acknowledgedAt(), r.reclaimedAt(), r.version(), r.id(), expectedVersion) == 1;
    }

    /** An empty (non-null) set of states matches nothing. */
    @Override
    public List<Reservation> query(ReservationQuery q) {
        if (q.states() != null && q.states().isEmpty()) return List.of();
        StringBuilder where = new StringBuilder(" WHERE id < ?");
        List<Object> params = new ArrayList<>(List.of(q.beforeId()));
        if (q.ownerId() != null) {
            where.append(" AND owner_id = ?");
            params.add(q.ownerId());
        }
        if (q.imageId() != null) {
            where.append(" AND image_id = ?");
            params.add(q.imageId());
        }
        if (q.hostId() != null) {
            where.append(" AND host_id = ?");
            params.add(q.hostId());
        }
        if (q.states() != null) {
            where.append(" AND state IN (").append(Sql.placeholders(q.states().size())).append(")");
            params.addAll(q.states());
        }
        params.add(q.limit());
        return sql.list(SELECT + where + " ORDER BY id DESC FETCH FIRST ? ROWS ONLY",
                JdbcReservationRepository::reservation, params.toArray());
    }

    @Override
    public List<Reservation> futureStartingBy(Instant t) {
        return sql.list(SELECT + " WHERE state = ? AND window_start <= ? ORDER BY window_start, id",
                JdbcReservationRepository::reservation, FUTURE, t);
    }

    @Override
    public List<Reservation> windowEndedBy(Instant t) {
        return inStates(Set.of(PLACED, PROVISIONING, READY, IN_USE), " AND window_end <= ? ORDER BY window_end, id", t);
    }

    @Override
    public List<Reservation> readyUnusedSince(Instant t) {
        return sql.list(SELECT + " WHERE state = ? AND acknowledged_at IS NULL AND ready_at <= ? ORDER BY ready_at, id",
                JdbcReservationRepository::reservation, READY, t);
    }

    @Override
    public List<Reservation> awaitingReclaim() {
        return inStates(Set.of(ENDING, FAILED, TIMED_OUT), " AND reclaimed_at IS NULL ORDER BY id");
    }

    @Override
    public List<Reservation> liveOfImage(long imageId, Instant endingAfter) {
        return sql.list(SELECT + " WHERE image_id = ? AND state NOT IN (?, ?, ?) AND window_end > ? ORDER BY window_start, id",
                JdbcReservationRepository::reservation, imageId, CLOSED, FAILED, TIMED_OUT, endingAfter);
    }

    @Override
    public Map<ReservationState, Long> countByState() {
        Map<ReservationState, Long> counts = new EnumMap<>(ReservationState.class);
        for (ReservationState s : ReservationState.values()) counts.put(s, 0L);
        sql.list("SELECT state, COUNT(*) FROM reservations GROUP BY state",
                rs -> counts.put(ReservationState.valueOf(rs.getString(1)), rs.getLong(2)));
        return Collections.unmodifiableMap(counts);
    }

    private List<Reservation> inStates(Set<ReservationState> states, String rest, Object... moreParams) {
        List<Object> params = states.stream().sorted().collect(Collectors.toCollection(ArrayList::new));
        params.addAll(List.of(moreParams));
        return sql.list(SELECT + " WHERE state IN (" + Sql.placeholders(states.size()) + ")" + rest,
                JdbcReservationRepository::reservation, params.toArray());
    }

    private static String connectJson(ConnectData connect) {
        return connect == null ? null : Json.write(connect);
    }

    private static Reservation reservation(ResultSet rs) throws SQLException {
        String connect = rs.getString("connect");
        return new Reservation(rs.getLong("id"), rs.getLong("owner_id"), rs.getLong("image_id"),
                rs.getString("resource_type"),
                new TimeWindow(Sql.instant(rs, "window_start"), Sql.instant(rs, "window_end")),
                ReservationState.valueOf(rs.getString("state")), Sql.nullableLong(rs, "host_id"),
                rs.getString("instance_id"), connect == null ? null : Json.read(connect, ConnectData.class),
                rs.getString("failure_cause"), Sql.instant(rs, "created_at"), Sql.instant(rs, "ready_at"),
                Sql.instant(rs, "acknowledged_at"), Sql.instant(rs, "reclaimed_at"), rs.getInt("version"), group(rs));
    }

    private static PlacementGroup group(ResultSet rs) throws SQLException {
        String name = rs.getString("group_name");
        return name == null ? null : new PlacementGroup(name, PlacementGroup.Kind.valueOf(rs.getString("group_kind")));
    }
}
