package io.berth.placement.filter;

import io.berth.placement.HostTable;
import io.berth.placement.PlacementContext;

/**
 * A hard rule. It marks the hosts it rejects in one pass over the table (hosts already rejected by an earlier
 * filter keep that verdict), and can say why for any one host, for explanations.
 * For a simpler, per-host way to write one, extend {@link PerHostFilter}.
 */
public interface HostFilter {
    /** Short, stable name shown in explanations and settings, e.g. "capacity". */
    String name();

    /** One sentence on what it checks. */
    String description();

    /** For every host i with {@code rejectedBy[i] < 0} that this filter rejects, set {@code rejectedBy[i] = self}. */
    void apply(HostTable table, PlacementContext context, int[] rejectedBy, int self);

    /** Why host i is rejected (only asked for hosts this filter rejected). */
    String reason(HostTable table, PlacementContext context, int i);
}
