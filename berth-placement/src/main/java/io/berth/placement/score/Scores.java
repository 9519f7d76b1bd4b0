package io.berth.placement.score;

final class Scores {
    private Scores() {}

    /**
     * v within [0, 1] (NaN stays NaN). As min/max rather than branches, so loops over hosts vectorise. The branches gave
     * the same double for every argument but −0.0 (kept, where max makes it +0.0); no score passes −0.0: each is
     * 1 − x (never −0.0 when rounding to nearest) or a quotient of non-negative sums.
     */
    static double clamp01(double v) {
        return Math.min(1, Math.max(0, v));
    }
}
