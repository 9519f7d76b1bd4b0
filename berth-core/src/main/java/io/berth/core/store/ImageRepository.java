package io.berth.core.store;

import io.berth.core.domain.Image;

import java.util.List;
import java.util.Optional;

public interface ImageRepository {
    /** Inserts with a new id (the given id is ignored). Names are unique. */
    Image insert(Image image);

    Optional<Image> find(long id);

    Optional<Image> findByName(String name);

    List<Image> all();

    void update(Image image);

    boolean delete(long id);
}
