package io.berth.store.jdbc;

import io.berth.core.domain.BlockAllocation;
import io.berth.core.domain.TimeWindow;
import io.berth.core.store.BlockRepository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Block allocations and their reservations. */
final class JdbcBlockRepository implements BlockRepository {
    private static final String COLUMNS = "id, image_id, group_id, created_by, window_start, window_end, machines, created_at";

    private final Sql sql;

    JdbcBlockRepository(Sql sql) {
        this.sql = sql;
    }

    @Override
    public BlockAllocation insert(BlockAllocation b) {
        long id = sql.insertUnique("block_allocations.id", "(new)",
                "INSERT INTO block_allocations (image_id, group_id, created_by, window_start, window_end, machines, created_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)",
                b.imageId(), b.groupId(), b.createdBy(), b.window().start(), b.window().end(), b.machines(), b.createdAt());
        return new BlockAllocation(id, b.imageId(), b.groupId(), b.createdBy(),
                new TimeWindow(Sql.stored(b.window().start()), Sql.stored(b.window().end())), b.machines(), Sql.stored(b.createdAt()));
    }

    @Override
    public Optional<BlockAllocation> find(long id) {
        return sql.first("SELECT " + COLUMNS + " FROM block_allocations WHERE id = ?", JdbcBlockRepository::block, id);
    }

    @Override
    public void addReservation(long blockId, long reservationId) {
        sql.insertIfAbsent("INSERT INTO block_reservations (block_id, reservation_id) VALUES (?, ?)", blockId, reservationId);
    }

    @Override
    public List<Long> reservations(long blockId) {
        return sql.list("SELECT reservation_id FROM block_reservations WHERE block_id = ? ORDER BY reservation_id",
                rs -> rs.getLong(1), blockId);
    }

    @Override
    public List<BlockAllocation> ofGroupEndingAfter(long groupId, Instant t) {
        return sql.list("SELECT " + COLUMNS + " FROM block_allocations WHERE group_id = ? AND window_end > ? ORDER BY id",
                JdbcBlockRepository::block, groupId, t);
    }

    private static BlockAllocation block(ResultSet rs) throws SQLException {
        return new BlockAllocation(rs.getLong("id"), rs.getLong("image_id"), rs.getLong("group_id"), rs.getLong("created_by"),
                new TimeWindow(Sql.instant(rs, "window_start"), Sql.instant(rs, "window_end")), rs.getInt("machines"),
                Sql.instant(rs, "created_at"));
    }
}
