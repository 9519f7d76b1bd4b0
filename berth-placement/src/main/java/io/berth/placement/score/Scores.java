package io.berth.placement.score;

final class Scores {
    private Scores() {}

    static double clamp01(double v) {
        return v < 0 ? 0 : (v > 1 ? 1 : v);
    }
}
