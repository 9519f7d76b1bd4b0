package io.berth.placement.select;

import io.berth.placement.HostTable;
import io.berth.placement.PlacementContext;

import java.util.random.RandomGenerator;

/**
 * A random one among the k best. Spreads a burst of simultaneous requests that would all see the same "best"
 * host (herding), at a small cost in score.
 */
public final class TopKRandomSelector implements Selector {
    private final int k;
    private final RandomGenerator random;

    public TopKRandomSelector(int k, RandomGenerator random) {
        if (k < 1) throw new IllegalArgumentException("k must be at least 1");
        this.k = k;
        this.random = random;
    }

    @Override
    public String describe() {
        return "random among the top " + k;
    }

    @Override
    public int choose(PlacementContext context, int[] rejectedBy, double[] totals) {
        HostTable t = context.hosts();
        int[] top = new int[k];
        int filled = 0;
        for (int i = 0; i < t.size; i++) {
            if (rejectedBy[i] >= 0) continue;
            if (filled < k) {
                top[filled++] = i;
                siftUp(top, filled - 1, totals);
            } else if (totals[i] > totals[top[0]]) {
                top[0] = i;
                siftDown(top, filled, totals);
            }
        }
        if (filled == 0) return -1;
        synchronized (random) {
            return top[random.nextInt(filled)];
        }
    }

    // A min-heap on score of the best k seen so far.
    private static void siftUp(int[] h, int i, double[] s) {
        while (i > 0) {
            int parent = (i - 1) / 2;
            if (s[h[i]] >= s[h[parent]]) return;
            int tmp = h[i];
            h[i] = h[parent];
            h[parent] = tmp;
            i = parent;
        }
    }

    private static void siftDown(int[] h, int n, double[] s) {
        int i = 0;
        while (true) {
            int l = 2 * i + 1, r = l + 1, min = i;
            if (l < n && s[h[l]] < s[h[min]]) min = l;
            if (r < n && s[h[r]] < s[h[min]]) min = r;
            if (min == i) return;
            int tmp = h[i];
            h[i] = h[min];
            h[min] = tmp;
            i = min;
        }
    }
}
