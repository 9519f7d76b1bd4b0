package io.berth.placement.filter;

import io.berth.core.domain.PlacementGroup;
import io.berth.placement.HostTable;
import io.berth.placement.PlacementContext;

/**
 * Affinity and anti-affinity as hard rules: an ANTI_AFFINITY member never lands beside another member; an
 * AFFINITY member lands where its group already runs (anywhere, if it is the first).
 */
public final class PlacementGroupFilter implements HostFilter {
    @Override
    public String name() {
        return "placement-group";
    }

    @Override
    public String description() {
        return "affinity: with the group's other members; anti-affinity: never on a host that has one";
    }

    @Override
    public void apply(HostTable t, PlacementContext context, int[] rejectedBy, int self) {
        PlacementGroup group = context.request().group();
        if (group == null) return;
        boolean anti = group.kind() == PlacementGroup.Kind.ANTI_AFFINITY;
        boolean groupPlaced = !context.request().groupMembersByHost().isEmpty();
        for (int i = 0; i < t.size; i++) {
            if (rejectedBy[i] < 0 && rejects(t, anti, groupPlaced, i)) rejectedBy[i] = self;
        }
    }

    /** The rule itself, shared by this filter's loop and the fused kernel. */
    public static boolean rejects(HostTable t, boolean antiAffinity, boolean groupPlaced, int i) {
        return antiAffinity ? t.groupMembers[i] > 0 : groupPlaced && t.groupMembers[i] == 0;
    }

    @Override
    public String reason(HostTable t, PlacementContext context, int i) {
        PlacementGroup g = context.request().group();
        return g.kind() == PlacementGroup.Kind.ANTI_AFFINITY
                ? "anti-affinity group '" + g.name() + "' already has " + t.groupMembers[i] + " member(s) here"
                : "affinity group '" + g.name() + "' runs on other host(s)";
    }
}
