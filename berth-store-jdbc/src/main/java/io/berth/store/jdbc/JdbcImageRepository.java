package io.berth.store.jdbc;

import com.fasterxml.jackson.core.type.TypeReference;
import io.berth.core.domain.ConnectMethod;
import io.berth.core.domain.Image;
import io.berth.core.store.ImageRepository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Images (served from a {@link CatalogCache} between changes); the minimum, connect methods and pool restriction are JSON columns. The maximum duration keeps whole seconds. */
final class JdbcImageRepository implements ImageRepository {
    static final String COLUMNS = "id, name, description, os, resource_type, minimum, max_concurrent,"
            + " max_duration_seconds, connect_methods, pools, overcommit_limits";
    private static final TypeReference<List<ConnectMethod>> CONNECT_METHODS = new TypeReference<>() {};
    private static final TypeReference<List<Long>> POOL_IDS = new TypeReference<>() {};
    private static final TypeReference<Map<String, Double>> LIMITS = new TypeReference<>() {};

    private final Sql sql;
    private final CatalogCache.InTransaction<Map<Long, Image>> catalog;
    private final RowCache.InTransaction accounts;

    /**
     * Reads come from {@code catalog} unless this transaction changed it itself. Writes also drop the cached
     * {@code accounts} answers, since whether a user may use an image depends on the image existing (and its grants go
     * with it when it is deleted).
     */
    JdbcImageRepository(Sql sql, CatalogCache.InTransaction<Map<Long, Image>> catalog, RowCache.InTransaction accounts) {
        this.sql = sql;
        this.catalog = catalog;
        this.accounts = accounts;
    }


    /** Every image by id, in id order. */
    private Map<Long, Image> cached() {
        return catalog.get(() -> {
            Map<Long, Image> byId = new LinkedHashMap<>();
            for (Image i : sql.list("SELECT " + COLUMNS + " FROM images ORDER BY id", JdbcImageRepository::image)) byId.put(i.id(), i);
            return Collections.unmodifiableMap(byId);
        });
    }

    @Override
    public Image insert(Image image) {
        catalog.writing();
        accounts.writing();
        long id = sql.insertUnique("images.name", image.name(),
                "INSERT INTO images (name, description, os, resource_type, minimum, max_concurrent,"
                        + " max_duration_seconds, connect_methods, pools, overcommit_limits) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                image.name(), image.description(), image.os(), image.resourceType(), Json.writeResources(image.minimum()),
                image.maxConcurrent(), image.maxDuration().toSeconds(), Json.write(image.connectMethods()),
                Json.write(image.pools()), Json.write(image.overcommitLimits()));
        return new Image(id, image.name(), image.description(), image.os(), image.resourceType(), image.minimum(),
                image.maxConcurrent(), Duration.ofSeconds(image.maxDuration().toSeconds()), image.connectMethods(),
                image.pools(), image.overcommitLimits());
    }

    @Override
    public Optional<Image> find(long id) {
        if (!catalog.wrote()) return Optional.ofNullable(cached().get(id));
        return sql.first("SELECT " + COLUMNS + " FROM images WHERE id = ?", JdbcImageRepository::image, id);
    }

    @Override
    public Optional<Image> findByName(String name) {
        return sql.first("SELECT " + COLUMNS + " FROM images WHERE name = ?", JdbcImageRepository::image, name);
    }

    @Override
    public List<Image> all() {
        if (!catalog.wrote()) return List.copyOf(cached().values());
        return sql.list("SELECT " + COLUMNS + " FROM images ORDER BY id", JdbcImageRepository::image);
    }

    @Override
    public void update(Image image) {
        catalog.writing();
        accounts.writing();
        sql.updateUnique("images.name", image.name(),
                "UPDATE images SET name = ?, description = ?, os = ?, resource_type = ?, minimum = ?, max_concurrent = ?,"
                        + " max_duration_seconds = ?, connect_methods = ?, pools = ?, overcommit_limits = ? WHERE id = ?",
                image.name(), image.description(), image.os(), image.resourceType(), Json.writeResources(image.minimum()),
                image.maxConcurrent(), image.maxDuration().toSeconds(), Json.write(image.connectMethods()),
                Json.write(image.pools()), Json.write(image.overcommitLimits()), image.id());
    }

    @Override
    public boolean delete(long id) {
        catalog.writing();
        accounts.writing();
        return sql.delete("image " + id, "DELETE FROM images WHERE id = ?", id);
    }

    /** Maps a row selected with {@link #COLUMNS} (also used for the images a user may use). */
    static Image image(ResultSet rs) throws SQLException {
        return new Image(rs.getLong("id"), rs.getString("name"), rs.getString("description"), rs.getString("os"),
                rs.getString("resource_type"), Json.readResources(rs.getString("minimum")), rs.getInt("max_concurrent"),
                Duration.ofSeconds(rs.getLong("max_duration_seconds")),
                Json.read(rs.getString("connect_methods"), CONNECT_METHODS), Json.read(rs.getString("pools"), POOL_IDS),
                Json.read(rs.getString("overcommit_limits"), LIMITS));
    }
}
