package io.berth.store.jdbc;

import io.berth.core.event.ReservationEvent;
import io.berth.core.event.StoredEvent;
import io.berth.core.store.EventLog;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The event log. Numbers come from the process's {@link EventSequencer}, so appending transactions run side by
 * side; readers of the whole log stop below the oldest number still in flight, so they never see a number that a
 * slower transaction fills in later. A rolled-back append leaves a gap. Events are stored as JSON under the
 * record's simple name.
 */
final class JdbcEventLog implements EventLog {
    private static final String COLUMNS = "sequence, reservation_id, reservation_seq, at, type, payload";
    private static final Map<String, Class<?>> EVENT_TYPES = Arrays.stream(ReservationEvent.class.getPermittedSubclasses())
            .collect(Collectors.toUnmodifiableMap(Class::getSimpleName, Function.identity()));

    private final Sql sql;
    private final Dialect dialect;
    private final EventSequencer sequencer;
    private final List<Long> taken;

    JdbcEventLog(Sql sql, Dialect dialect, EventSequencer sequencer, List<Long> taken) {
        this.sql = sql;
        this.dialect = dialect;
        this.sequencer = sequencer;
        this.taken = taken;
    }

    @Override
    public StoredEvent append(long reservationId, int reservationSeq, Instant at, ReservationEvent event) {
        long sequence = sequencer.take();
        taken.add(sequence);
        sql.update("INSERT INTO events (" + COLUMNS + ", host_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
                sequence, reservationId, reservationSeq, at, typeName(event), Json.write(event), event.decidedHost().orElse(null));
        return new StoredEvent(sequence, reservationId, reservationSeq, Sql.stored(at), event);
    }

    @Override
    public List<StoredEvent> ofReservation(long reservationId) {
        return sql.list("SELECT " + COLUMNS + " FROM events WHERE reservation_id = ? ORDER BY reservation_seq",
                JdbcEventLog::storedEvent, reservationId);
    }

    @Override
    public List<StoredEvent> ofReservationAfter(long reservationId, long afterSequence) {
        return sql.list("SELECT " + COLUMNS + " FROM events WHERE reservation_id = ? AND sequence > ? ORDER BY sequence",
                JdbcEventLog::storedEvent, reservationId, afterSequence);
    }

    @Override
    public List<StoredEvent> after(long afterSequence, int limit) {
        if (limit <= 0) return List.of();
        long upTo = sequencer.visibleUpTo();
        if (upTo <= afterSequence) return List.of();
        return sql.list("SELECT " + COLUMNS + " FROM events WHERE sequence > ? AND sequence <= ? ORDER BY sequence"
                        + " FETCH FIRST ? ROWS ONLY", JdbcEventLog::storedEvent, afterSequence, upTo, limit);
    }

    /** The newest event readers can see (or the last this transaction appended, if newer); 0 while there is none. */
    @Override
    public long lastSequence() {
        if (!taken.isEmpty()) return taken.getLast();
        return sql.queryLong("SELECT COALESCE(MAX(sequence), 0) FROM events WHERE sequence <= ?", sequencer.visibleUpTo());
    }

    @Override
    public List<StoredEvent> decisionsOnHost(long hostId, int limit) {
        if (limit <= 0) return List.of();
        return sql.list("SELECT " + COLUMNS + " FROM events WHERE host_id = ? ORDER BY sequence DESC FETCH FIRST ? ROWS ONLY",
                JdbcEventLog::storedEvent, hostId, limit);
    }

    @Override
    public OptionalLong checkpoint(String subscriber) {
        return sql.first("SELECT sequence FROM subscriber_checkpoints WHERE subscriber = ?", rs -> rs.getLong(1), subscriber)
                .map(OptionalLong::of).orElse(OptionalLong.empty());
    }

    @Override
    public void saveCheckpoint(String subscriber, long sequence) {
        sql.update(dialect.upsertCheckpoint, subscriber, sequence);
    }

    private static String typeName(ReservationEvent event) {
        return event.getClass().getSimpleName();
    }

    private static StoredEvent storedEvent(ResultSet rs) throws SQLException {
        String type = rs.getString("type");
        Class<?> eventClass = EVENT_TYPES.get(type);
        if (eventClass == null) {
            throw new StoreException("event " + rs.getLong("sequence") + " has an unknown type: " + type);
        }
        ReservationEvent event = (ReservationEvent) Json.read(rs.getString("payload"), eventClass);
        return new StoredEvent(rs.getLong("sequence"), rs.getLong("reservation_id"), rs.getInt("reservation_seq"),
                Sql.instant(rs, "at"), event);
    }
}
