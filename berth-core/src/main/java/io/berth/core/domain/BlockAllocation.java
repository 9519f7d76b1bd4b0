package io.berth.core.domain;

import java.time.Instant;

/**
 * {@code machines} instances of an image held ready for a user group over {@code window} (a "block allocation"
 * in Apache VCL's words, e.g. a class's lab session). Each machine is an ordinary advance reservation of one of
 * the group's members; the block remembers which, so that processing it again only makes up what is missing.
 */
public record BlockAllocation(long id, long imageId, long groupId, long createdBy, TimeWindow window, int machines,
                              Instant createdAt) {
    public BlockAllocation {
        if (machines < 1) throw new IllegalArgumentException("a block allocation needs at least one machine");
    }
}
