package io.berth.server.xmlrpc;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Apache VCL's time conventions: Unix timestamps, 15-minute slots, MySQL datetimes (read as UTC by Berth). */
final class VclTime {
    static final long SLOT_SECONDS = 15 * 60;
    /** VCL's "far future" (2038-01-01 00:00:00): no end may lie beyond it. */
    static final long LAST_END = 2145916800L;
    private static final DateTimeFormatter MYSQL = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");

    private VclTime() {}

    /** Down to the start of its 15-minute slot (VCL's unixFloor15). */
    static long floor15(long unix) {
        return Math.floorDiv(unix, SLOT_SECONDS) * SLOT_SECONDS;
    }

    /** Up to the next 15-minute boundary, unless already on one. */
    static long ceil15(long unix) {
        long floor = floor15(unix);
        return floor == unix ? unix : floor + SLOT_SECONDS;
    }

    static long unix(Instant t) {
        return t.getEpochSecond();
    }

    static Instant instant(long unix) {
        return Instant.ofEpochSecond(unix);
    }

    /** "YYYY-MM-DD HH:MM:SS" in UTC; empty unless it is exactly that and a real date. */
    static Optional<Instant> datetime(String text) {
        if (text == null || !text.matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}")) return Optional.empty();
        try {
            return Optional.of(LocalDateTime.parse(text, MYSQL.withResolverStyle(java.time.format.ResolverStyle.STRICT))
                    .toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
