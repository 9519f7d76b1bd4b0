package io.berth.core.resource;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * A decision's explanation, given or written on first read: once, whichever thread reads first, the writer then
 * dropped (it may hold a large host table).
 */
final class Explanation {
    private volatile PlacementExplanation value;
    private Supplier<PlacementExplanation> writer;

    Explanation(PlacementExplanation value) {
        this.value = value;
    }

    Explanation(Supplier<PlacementExplanation> writer) {
        this.writer = Objects.requireNonNull(writer);
    }

    PlacementExplanation get() {
        PlacementExplanation v = value;
        if (v != null) return v;
        synchronized (this) {
            if (value == null) {
                value = Objects.requireNonNull(writer.get(), "an explanation writer gave none");
                writer = null;
            }
            return value;
        }
    }
}
