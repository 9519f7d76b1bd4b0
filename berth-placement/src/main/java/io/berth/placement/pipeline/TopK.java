package io.berth.placement.pipeline;

/**
 * The k eligible hosts with the highest totals, without boxing or sorting the whole pool: a min-heap of size k,
 * O(n log k). Ties go to the lower index (hosts are listed in id order), so results repeat.
 */
public final class TopK {
    private TopK() {}

    /** Indices of the best ≤ k eligible hosts ({@code rejectedBy[i] < 0}), best first. */
    public static int[] of(double[] totals, int[] rejectedBy, int n, int k) {
        int[] heap = new int[k];
        int filled = 0;
        for (int i = 0; i < n; i++) {
            if (rejectedBy[i] >= 0) continue;
            if (filled < k) {
                heap[filled++] = i;
                up(heap, filled - 1, totals);
            } else if (better(i, heap[0], totals)) {
                heap[0] = i;
                down(heap, filled, totals);
            }
        }
        int[] out = new int[filled];
        for (int j = filled - 1; j >= 0; j--) { // pop worst first, fill from the back
            out[j] = heap[0];
            heap[0] = heap[j];
            down(heap, j, totals);
        }
        return out;
    }

    /** a ranks above b: a higher total, or an equal total and a lower index. */
    static boolean better(int a, int b, double[] s) {
        return s[a] > s[b] || (s[a] == s[b] && a < b);
    }

    private static void up(int[] h, int i, double[] s) {
        while (i > 0) {
            int parent = (i - 1) / 2;
            if (!better(h[parent], h[i], s)) return; // the heap's root is the worst of the kept
            int tmp = h[i];
            h[i] = h[parent];
            h[parent] = tmp;
            i = parent;
        }
    }

    private static void down(int[] h, int n, double[] s) {
        int i = 0;
        while (true) {
            int l = 2 * i + 1, r = l + 1, worst = i;
            if (l < n && better(h[worst], h[l], s)) worst = l;
            if (r < n && better(h[worst], h[r], s)) worst = r;
            if (worst == i) return;
            int tmp = h[i];
            h[i] = h[worst];
            h[worst] = tmp;
            i = worst;
        }
    }
}
