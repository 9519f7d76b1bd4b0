package io.berth.placement.filter;

import io.berth.placement.HostTable;
import io.berth.placement.PlacementContext;

/** A filter written one host at a time: return null to pass, or the reason to reject. */
public abstract class PerHostFilter implements HostFilter {

    /** Null if host i passes, else why not. */
    protected abstract String check(HostTable table, PlacementContext context, int i);

    @Override
    public final void apply(HostTable table, PlacementContext context, int[] rejectedBy, int self) {
        for (int i = 0; i < table.size; i++) {
            if (rejectedBy[i] < 0 && check(table, context, i) != null) rejectedBy[i] = self;
        }
    }

    @Override
    public final String reason(HostTable table, PlacementContext context, int i) {
        String r = check(table, context, i);
        return r == null ? "passes" : r;
    }
}
