package io.berth.placement;

import io.berth.metrics.HostLoad;
import io.berth.metrics.LoadMonitor;

/** Where placement reads live host load from: a resource manager's {@link LoadMonitor}. */
@FunctionalInterface
public interface LoadView {
    HostLoad load(long hostId);

    static LoadView of(LoadMonitor monitor) {
        return monitor::load;
    }
}
