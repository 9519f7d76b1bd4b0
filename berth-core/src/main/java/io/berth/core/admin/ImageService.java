package io.berth.core.admin;

import io.berth.core.domain.ConnectMethod;
import io.berth.core.domain.Image;
import io.berth.core.domain.ResourceClass;
import io.berth.core.domain.User;
import io.berth.core.error.ConflictException;
import io.berth.core.error.InvalidInputException;
import io.berth.core.error.NotFoundException;
import io.berth.core.resource.ResourceManagers;
import io.berth.core.store.Store;

import java.time.Duration;
import java.util.List;

/** The image catalogue: users see the images their groups grant; admins see and manage all. */
public final class ImageService {
    private final Store store;
    private final ResourceManagers managers;

    public ImageService(Store store, ResourceManagers managers) {
        this.store = store;
        this.managers = managers;
    }

    public List<Image> visibleTo(User actor) {
        return store.inTransaction(tx -> actor.isAdmin() ? tx.images().all() : tx.users().imagesUsableBy(actor.id()));
    }

    public Image get(User actor, long id) {
        return store.inTransaction(tx -> tx.images().find(id)
                        .filter(i -> actor.isAdmin() || tx.users().canUseImage(actor.id(), id)))
                .orElseThrow(() -> new NotFoundException("image", id));
    }

    public Image create(Image draft) {
        validate(draft);
        return store.inTransaction(tx -> {
            checkPools(tx, draft);
            return tx.images().insert(draft);
        });
    }

    public Image update(long id, Image draft) {
        validate(draft);
        return store.inTransaction(tx -> {
            Image current = tx.images().find(id).orElseThrow(() -> new NotFoundException("image", id));
            if (!current.resourceType().equals(draft.resourceType())) {
                throw new InvalidInputException("resourceType", "an image's resource type cannot change; create a new image");
            }
            checkPools(tx, draft);
            Image updated = new Image(id, draft.name(), draft.description(), draft.os(), draft.resourceType(), draft.minimum(),
                    draft.maxConcurrent(), draft.maxDuration(), draft.connectMethods(), draft.pools());
            tx.images().update(updated);
            return updated;
        });
    }

    public void delete(long id) {
        store.run(tx -> {
            tx.images().find(id).orElseThrow(() -> new NotFoundException("image", id));
            if (!tx.reservations().liveOfImage(id, java.time.Instant.EPOCH).isEmpty()) {
                throw new ConflictException("image " + id + " has live reservations; delete it once they have ended");
            }
            tx.images().delete(id);
        });
    }

    private void validate(Image i) {
        Validation.name("name", i.name());
        Validation.text("description", i.description(), 2000);
        Validation.text("os", i.os(), 200);
        if (i.resourceType() == null || !managers.supports(i.resourceType())) {
            throw new InvalidInputException("resourceType", "no resource manager serves '" + i.resourceType() + "'");
        }
        Validation.require(i.minimum() != null && i.minimum().get(ResourceClass.VCPU) >= 1, "minimum.VCPU", "must be at least 1");
        Validation.require(i.minimum().get(ResourceClass.MEMORY_MB) >= 1, "minimum.MEMORY_MB", "must be at least 1");
        i.minimum().amounts().forEach((cls, amount) -> {
            Validation.require(ResourceClass.isValidName(cls), "minimum", "resource class '" + cls + "' must be upper-case letters, digits and _");
            Validation.require(amount >= 0, "minimum." + cls, "must not be negative");
        });
        Validation.require(i.maxConcurrent() >= 1, "maxConcurrent", "must be at least 1");
        Validation.require(i.maxDuration() != null && i.maxDuration().compareTo(Duration.ofMinutes(1)) >= 0,
                "maxDurationMinutes", "must be at least 1 minute");
        Validation.require(!i.connectMethods().isEmpty(), "connectMethods", "an image needs at least one way to connect");
        for (ConnectMethod m : i.connectMethods()) Validation.name("connectMethods.name", m.name());
    }

    private void checkPools(io.berth.core.store.Tx tx, Image i) {
        for (long poolId : i.pools()) {
            var pool = tx.inventory().findPool(poolId)
                    .orElseThrow(() -> new InvalidInputException("pools", "no pool " + poolId));
            if (!pool.resourceType().equals(i.resourceType())) {
                throw new InvalidInputException("pools", "pool " + pool.name() + " holds " + pool.resourceType()
                        + " hosts, not " + i.resourceType());
            }
        }
    }
}
