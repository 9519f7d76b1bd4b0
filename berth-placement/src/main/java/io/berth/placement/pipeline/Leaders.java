package io.berth.placement.pipeline;

/**
 * The best host so far (highest total; on a tie the lowest host id) and, if scored, the ten best (on a tie the lowest
 * index), fed hosts in any order; and what a total must reach to change either.
 */
final class Leaders {
    private final long[] hostId;
    final TopK.Heap heap;
    /** A total at or below it cannot enter the ten best; −∞ until ten are kept (unused without a heap). */
    double heapMin = Double.NEGATIVE_INFINITY;
    int best = -1;
    /** +∞ until a host is found; then a host with "total >= bestTotal" may win. */
    double bestTotal = Double.POSITIVE_INFINITY;

    Leaders(long[] hostId, boolean scored) {
        this.hostId = hostId;
        heap = scored ? new TopK.Heap(ExplanationBuilder.BEST_KEPT) : null;
    }

    /**
     * A host whose total, known only to within {@code margin} below, is under this floor can neither enter the ten
     * best nor be the best (NaN totals aside: they may be anything): the lower of the two totals to beat, less the
     * margin; −∞ while ten are not kept, or without a heap until a host is found (or if a total to beat is NaN).
     */
    double floor(double margin) {
        double d = (heap != null ? Math.min(heapMin, bestTotal) : best < 0 ? Double.NEGATIVE_INFINITY : bestTotal) - margin;
        return d != d ? Double.NEGATIVE_INFINITY : d;
    }

    /** Host i, eligible, with this total; each host at most once, in any order (ties are broken by index and id). */
    void offer(int i, double total) {
        if (heap != null) {
            heap.offer(i, total);
            if (heap.size() == ExplanationBuilder.BEST_KEPT) heapMin = heap.worstTotal();
        }
        if (best < 0 || total > bestTotal || (total == bestTotal && hostId[i] < hostId[best])) {
            best = i;
            bestTotal = total;
        }
    }
}
