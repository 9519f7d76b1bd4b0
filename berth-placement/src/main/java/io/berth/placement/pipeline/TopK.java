package io.berth.placement.pipeline;

/**
 * The k eligible hosts with the highest totals, without boxing or sorting the whole pool: a min-heap of size k,
 * O(n log k). Ties go to the lower index (hosts are listed in id order), so results repeat.
 */
public final class TopK {
    private TopK() {}

    /** Indices of the best ≤ k eligible hosts ({@code rejectedBy[i] < 0}), best first. */
    public static int[] of(double[] totals, int[] rejectedBy, int n, int k) {
        Heap heap = new Heap(k);
        for (int i = 0; i < n; i++) {
            if (rejectedBy[i] < 0) heap.offer(i, totals[i]);
        }
        return heap.bestFirst();
    }

    /**
     * The heap itself, fed one host at a time (so a one-pass kernel can keep the best while it scores).
     * It keeps each host's total beside its index: the caller needs no array of every host's total.
     */
    static final class Heap {
        private final int[] index;
        private final double[] total;
        private int filled;

        Heap(int k) {
            index = new int[k];
            total = new double[k];
        }

        /** Offers host i, once; in any order, as ties go to the lower index whatever came first. */
        void offer(int i, double t) {
            if (filled < index.length) {
                index[filled] = i;
                total[filled] = t;
                up(filled++);
            } else if (better(i, t, index[0], total[0])) {
                index[0] = i;
                total[0] = t;
                down(filled);
            }
        }

        int size() {
            return filled;
        }

        /** The lowest total kept (the root); a host with a lower total cannot enter a full heap. */
        double worstTotal() {
            return total[0];
        }

        /** The kept indices, best first (empties the heap). */
        int[] bestFirst() {
            int[] out = new int[filled];
            for (int j = filled - 1; j >= 0; j--) { // pop worst first, fill from the back
                out[j] = index[0];
                swapInto(0, j);
                down(j);
            }
            filled = 0;
            return out;
        }

        /** Like {@link #bestFirst}, with each kept host's total in {@code totals} (same order). */
        int[] bestFirst(double[] totals) {
            int[] out = new int[filled];
            for (int j = filled - 1; j >= 0; j--) {
                out[j] = index[0];
                totals[j] = total[0];
                swapInto(0, j);
                down(j);
            }
            filled = 0;
            return out;
        }

        private void swapInto(int to, int from) {
            index[to] = index[from];
            total[to] = total[from];
        }

        /** a ranks above b: a higher total, or an equal total and a lower index. */
        private static boolean better(int a, double ta, int b, double tb) {
            return ta > tb || (ta == tb && a < b);
        }

        private void up(int i) {
            while (i > 0) {
                int parent = (i - 1) / 2;
                if (!better(index[parent], total[parent], index[i], total[i])) return; // the root is the worst of the kept
                swap(i, parent);
                i = parent;
            }
        }

        private void down(int n) {
            int i = 0;
            while (true) {
                int l = 2 * i + 1, r = l + 1, worst = i;
                if (l < n && better(index[worst], total[worst], index[l], total[l])) worst = l;
                if (r < n && better(index[worst], total[worst], index[r], total[r])) worst = r;
                if (worst == i) return;
                swap(i, worst);
                i = worst;
            }
        }

        private void swap(int a, int b) {
            int ti = index[a];
            index[a] = index[b];
            index[b] = ti;
            double tt = total[a];
            total[a] = total[b];
            total[b] = tt;
        }
    }
}
