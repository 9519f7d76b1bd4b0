package io.berth.rm.vsphere.soap;

import java.time.Instant;
import java.util.Map;

/**
 * The newest performance sample of one entity: when it was taken (by the endpoint's clock) and each counter's raw
 * value by name ("cpu.usage.average" in hundredths of a percent, "net.usage.average" in KB/s, ...).
 */
public record EntitySample(MoRef entity, Instant at, Map<String, Long> values) {
    public EntitySample {
        values = Map.copyOf(values);
    }
}
