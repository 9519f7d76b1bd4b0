package io.berth.core.domain;

/**
 * Reservations that should run together (AFFINITY: on one host) or apart (ANTI_AFFINITY: never two on one host),
 * e.g. the VMs of one distributed exercise. Hard rules: placement and migration never break them.
 */
public record PlacementGroup(String name, Kind kind) {
    public enum Kind { AFFINITY, ANTI_AFFINITY }

    public PlacementGroup {
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,99}")) {
            throw new IllegalArgumentException("a placement group name is 1-100 letters, digits, '.', '_' or '-'");
        }
        if (kind == null) throw new IllegalArgumentException("a placement group needs a kind (AFFINITY or ANTI_AFFINITY)");
    }
}
