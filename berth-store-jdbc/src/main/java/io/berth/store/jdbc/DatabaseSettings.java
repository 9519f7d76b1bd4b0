package io.berth.store.jdbc;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the store's database is and how many connections it may hold.
 *
 * @param url         a JDBC URL, {@code jdbc:h2:...} or {@code jdbc:postgresql:...}
 * @param password    may be null or empty (e.g. PostgreSQL with trust authentication)
 * @param maxPoolSize the most connections held at once; every running transaction holds one
 */
public record DatabaseSettings(String url, String user, String password, int maxPoolSize) {

    /** H2 waits this long for a row lock; its 1 s default is too short for the serialised event sequence under load. */
    static final int H2_LOCK_TIMEOUT_MILLIS = 10_000;
    private static final int DEFAULT_POOL_SIZE = 10;

    public DatabaseSettings {
        Objects.requireNonNull(url, "url");
        if (!url.startsWith("jdbc:")) throw new IllegalArgumentException("not a JDBC URL: " + url);
        if (maxPoolSize < 1) throw new IllegalArgumentException("maxPoolSize must be at least 1");
        user = user == null ? "" : user;
        password = password == null ? "" : password;
    }

    /**
     * An embedded H2 database kept in {@code dataDir/berth.mv.db}. Berth closes it itself when it stops (after its
     * event bus and lifecycle workers), so H2's own close at JVM exit, which would race that shutdown, is off.
     */
    public static DatabaseSettings h2File(Path dataDir) {
        String dir = dataDir.toAbsolutePath().normalize().toString();
        if (dir.contains(";")) throw new IllegalArgumentException("the data directory may not contain ';': " + dir);
        return new DatabaseSettings("jdbc:h2:file:" + dir + "/berth;LOCK_TIMEOUT=" + H2_LOCK_TIMEOUT_MILLIS
                + ";DB_CLOSE_ON_EXIT=FALSE", "sa", "", DEFAULT_POOL_SIZE);
    }

    /**
     * A private H2 database in memory, named so that every store opened with the same name in this JVM shares it.
     * It lives until the JVM exits (DB_CLOSE_DELAY=-1), so closing the store's pool does not lose it.
     */
    public static DatabaseSettings h2InMemory(String name) {
        if (name == null || !name.matches("[A-Za-z0-9_-]+")) {
            throw new IllegalArgumentException("an in-memory database name takes letters, digits, '_' and '-': " + name);
        }
        return new DatabaseSettings("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=" + H2_LOCK_TIMEOUT_MILLIS,
                "sa", "", DEFAULT_POOL_SIZE);
    }

    public DatabaseSettings withMaxPoolSize(int size) {
        return new DatabaseSettings(url, user, password, size);
    }

    /** Never shows the password: settings end up in logs. */
    @Override
    public String toString() {
        return "DatabaseSettings[url=" + url + ", user=" + user + ", password=" + (password.isEmpty() ? "" : "***")
                + ", maxPoolSize=" + maxPoolSize + "]";
    }
}
