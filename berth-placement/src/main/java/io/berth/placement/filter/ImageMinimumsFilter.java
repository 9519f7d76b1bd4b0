package io.berth.placement.filter;

import io.berth.core.domain.Resources;
import io.berth.core.resource.CandidateHost;
import io.berth.placement.PlacementContext;

import java.util.Optional;

/**
 * The host could hold the image at all, even empty: it inventories every resource class the image needs,
 * in sufficient amount. Tells "never fits here" apart from "full right now" (the capacity filter).
 */
public final class ImageMinimumsFilter implements HostFilter {
    @Override
    public String name() {
        return "image-minimums";
    }

    @Override
    public Optional<String> reject(CandidateHost host, PlacementContext context) {
        Resources need = context.request().image().minimum();
        Resources capacity = host.host().capacity();
        for (var e : need.amounts().entrySet()) {
            if (e.getValue() == 0) continue;
            if (host.host().inventory(e.getKey()).isEmpty()) {
                return Optional.of("host has no " + e.getKey() + " inventory; the image needs " + e.getValue());
            }
            if (capacity.get(e.getKey()) < e.getValue()) {
                return Optional.of("host's whole " + e.getKey() + " capacity (" + capacity.get(e.getKey())
                        + ") is below the image's minimum of " + e.getValue());
            }
        }
        return Optional.empty();
    }
}
