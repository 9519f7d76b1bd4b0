package io.berth.core.domain;

import java.util.Map;
import java.util.TreeMap;

/** Amounts per resource class, e.g. {VCPU=2, MEMORY_MB=4096}. Immutable; absent classes are zero. */
public record Resources(Map<String, Long> amounts) {

    public static final Resources NONE = new Resources(Map.of());

    public Resources {
        amounts = Map.copyOf(amounts);
    }

    public static Resources of(long vcpu, long memoryMb, long diskGb) {
        return new Resources(Map.of(ResourceClass.VCPU, vcpu, ResourceClass.MEMORY_MB, memoryMb, ResourceClass.DISK_GB, diskGb));
    }

    public long get(String resourceClass) {
        return amounts.getOrDefault(resourceClass, 0L);
    }

    public Resources plus(Resources other) {
        Map<String, Long> sum = new TreeMap<>(amounts);
        other.amounts.forEach((k, v) -> sum.merge(k, v, Long::sum));
        return new Resources(sum);
    }

    public Resources minus(Resources other) {
        Map<String, Long> diff = new TreeMap<>(amounts);
        other.amounts.forEach((k, v) -> diff.merge(k, -v, Long::sum));
        return new Resources(diff);
    }

    /** Every class of {@code this} fits into {@code available} (classes absent there count as zero). */
    public boolean fitsIn(Resources available) {
        return amounts.entrySet().stream().allMatch(e -> e.getValue() <= available.get(e.getKey()));
    }

    public boolean isEmpty() {
        return amounts.values().stream().allMatch(v -> v == 0);
    }
}
