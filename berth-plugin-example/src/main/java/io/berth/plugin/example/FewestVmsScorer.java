package io.berth.plugin.example;

import io.berth.placement.HostTable;
import io.berth.placement.PlacementContext;
import io.berth.placement.score.PerHostScorer;

/**
 * The scorer {@code example-fewest-vms}: 1 / (1 + VMs on the host), so an empty host scores 1 and every VM more
 * counts less; 0.5 when the count is unknown (the load source does not report it), a neutral middle rather than a
 * penalty. Pools use it through the {@code pipeline} policy, e.g. {@code scorers=example-fewest-vms:1,current-load:1}.
 */
public final class FewestVmsScorer extends PerHostScorer {
    public static final String NAME = "example-fewest-vms";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "example plug-in: 1 / (1 + VMs on the host), 0.5 if unknown";
    }

    @Override
    public boolean usesLiveLoad() {
        return true; // the VM count comes with the live load
    }

    @Override
    protected double score(HostTable t, PlacementContext context, int i) {
        int vms = t.hasLoad() ? t.load[i].vmCount() : -1;
        return vms < 0 ? 0.5 : 1.0 / (1 + vms);
    }
}
