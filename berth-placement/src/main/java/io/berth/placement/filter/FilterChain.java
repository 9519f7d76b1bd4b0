package io.berth.placement.filter;

import io.berth.placement.HostTable;
import io.berth.placement.PlacementContext;

import java.util.Arrays;
import java.util.List;

/** Runs hard filters in order; the first that rejects a host is the one recorded for it. */
public record FilterChain(List<HostFilter> filters) {

    public FilterChain {
        filters = List.copyOf(filters);
    }

    /** State, image minimums, calendar capacity, the image's overcommit limits and placement groups. */
    public static FilterChain standard() {
        return new FilterChain(List.of(new HostStateFilter(), new ImageMinimumsFilter(), new CapacityFilter(),
                new OvercommitLimitFilter(), new PlacementGroupFilter()));
    }

    public FilterChain with(HostFilter extra) {
        var more = new java.util.ArrayList<>(filters);
        more.add(extra);
        return new FilterChain(more);
    }

    /** {@code rejectedBy[i]} = index of the first filter rejecting host i, or -1 if it passed all. */
    public int[] apply(HostTable table, PlacementContext context) {
        int[] rejectedBy = new int[table.size];
        Arrays.fill(rejectedBy, -1);
        for (int f = 0; f < filters.size(); f++) filters.get(f).apply(table, context, rejectedBy, f);
        return rejectedBy;
    }

    public List<String> names() {
        return filters.stream().map(HostFilter::name).toList();
    }
}
