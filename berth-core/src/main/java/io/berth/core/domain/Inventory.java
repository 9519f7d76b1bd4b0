package io.berth.core.domain;

/**
 * How much of one resource class a host offers, as in OpenStack Placement:
 * usable capacity = (total - reserved) * allocationRatio. A ratio above 1 is overcommit.
 */
public record Inventory(String resourceClass, long total, long reserved, double allocationRatio) {

    public Inventory {
        if (!ResourceClass.isValidName(resourceClass)) {
            throw new IllegalArgumentException("resource class must be upper-case letters, digits and _: " + resourceClass);
        }
        if (total < 0 || reserved < 0 || reserved > total) {
            throw new IllegalArgumentException("need 0 <= reserved <= total for " + resourceClass);
        }
        if (!(allocationRatio > 0) || allocationRatio > 64) {
            throw new IllegalArgumentException("allocation ratio must be in (0, 64] for " + resourceClass);
        }
    }

    public static Inventory of(String resourceClass, long total) {
        return new Inventory(resourceClass, total, 0, 1.0);
    }

    public long capacity() {
        return (long) Math.floor((total - reserved) * allocationRatio);
    }
}
