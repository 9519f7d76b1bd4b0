package io.berth.placement.pipeline;

/**
 * The best host so far (highest total; on a tie the lowest host id) and, if scored, the ten best (on a tie the lowest
 * index), fed hosts in index order; and what a total must reach to change either.
 */
final class Leaders {
    private final long[] hostId;
    final TopK.Heap heap;
    /** A total at or below it cannot enter the ten best; −∞ until ten are kept (and for ever without a heap). */
    double heapMin = Double.NEGATIVE_INFINITY;
    int best = -1;
    /** +∞ until a host is found; then a host with "total >= bestTotal" may win. */
    double bestTotal = Double.POSITIVE_INFINITY;

    Leaders(long[] hostId, boolean scored) {
        this.hostId = hostId;
        heap = scored ? new TopK.Heap(ExplanationBuilder.BEST_KEPT) : null;
    }

    /**
     * Whether a host could enter the ten best or be the best, by a total at most {@code margin} below its own (NaN
     * included, as a total that may be anything).
     */
    boolean mayRank(float total, double margin) {
        double upper = total + margin;
        return upper > heapMin || upper >= bestTotal || upper != upper;
    }

    /** Host i, eligible, with this total; hosts come in increasing index order. */
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
