package io.berth.metrics;

/** Argument checks shared by the estimators, so every one rejects a bad slice the same way. */
final class Ranges {
    private Ranges() {}

    static void check(double[] x, int offset, int length) {
        if (x == null) {
            throw new NullPointerException("values");
        }
        if (offset < 0 || length < 0 || offset > x.length - length) {
            throw new IndexOutOfBoundsException("slice [" + offset + ", " + offset + "+" + length
                    + ") does not fit an array of " + x.length);
        }
    }

    static void checkScratch(double[] scratch, int needed) {
        if (scratch == null || scratch.length < needed) {
            throw new IllegalArgumentException("scratch array needs at least " + needed + " slots, has "
                    + (scratch == null ? "none" : scratch.length));
        }
    }
}
