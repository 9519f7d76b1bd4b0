package io.berth.core.rebalance;

import io.berth.core.domain.Host;
import io.berth.core.domain.Pool;
import io.berth.core.domain.Resources;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One resource type's hosts, the instances on them and what the capacity calendar holds on each host now,
 * taken at one moment for planning (and again, fresh, before each move).
 *
 * @param usedByHost per host, the peak capacity held over [now, now + planning horizon]
 */
public record ClusterSnapshot(String resourceType, Instant at, List<Pool> pools, List<Host> hosts,
                              List<RunningInstance> instances, Map<Long, Resources> usedByHost) {
    public ClusterSnapshot {
        pools = List.copyOf(pools);
        hosts = List.copyOf(hosts);
        instances = List.copyOf(instances);
        usedByHost = Map.copyOf(usedByHost);
    }
}
