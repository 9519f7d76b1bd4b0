package io.berth.placement.rebalance;

import io.berth.placement.filter.HostFilter;
import io.berth.placement.score.BalanceScorer;
import io.berth.placement.score.ForecastHeadroomScorer;
import io.berth.placement.score.WeightedScorer;

import java.util.List;
import java.util.function.LongFunction;

/**
 * How the rebalancer ranks and screens target hosts, beyond the standard filters, its CPU ceiling and (if set) the
 * overload check: the scorers with their weights, and extra hard filters (a plug-in's, or a resource model's own rule).
 *
 * @param scorers      at least one
 * @param extraFilters run after the rebalancer's own filters
 * @param prescreen    in pools above 64 hosts, leave out before the pipeline the hosts that cannot take the VM for lack
 *                     of memory or CPU room (much faster on large pools; the explanation says how many, and
 *                     pool-wide scorers such as {@code balance} then see only the hosts that remain)
 * @param hostClass    with {@code prescreen}: hosts of the same class (by host id; e.g. the same hardware model) that are
 *                     idle (nothing on them, no load measured, forecast or planned) are interchangeable, so only the
 *                     first of each class is offered to the pipeline; null: no such classes
 */
public record TargetPolicy(List<WeightedScorer> scorers, List<HostFilter> extraFilters, boolean prescreen,
                           LongFunction<Object> hostClass) {
    public TargetPolicy {
        scorers = List.copyOf(scorers);
        extraFilters = List.copyOf(extraFilters);
        if (scorers.isEmpty()) throw new IllegalArgumentException("a target policy needs at least one scorer");
    }

    public TargetPolicy(List<WeightedScorer> scorers, List<HostFilter> extraFilters, boolean prescreen) {
        this(scorers, extraFilters, prescreen, null);
    }

    /** Headroom a few intervals ahead (0.6) and an even pool (0.4), no extra filter, no pre-screening. */
    public static TargetPolicy defaults() {
        return new TargetPolicy(List.of(new WeightedScorer(new ForecastHeadroomScorer(), 0.6), new WeightedScorer(new BalanceScorer(), 0.4)),
                List.of(), false);
    }
}
