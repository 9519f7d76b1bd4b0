package io.berth.metrics;

/**
 * The newest {@code capacity} samples of one series, as (epoch-millisecond time, value) pairs in a ring.
 * Adding never allocates; once full, each add overwrites the oldest sample.
 *
 * <p>The window keeps samples in the order they were added and does not check their times:
 * ordering is the writer's job ({@link LoadMonitor} drops late samples before they get here).
 * Not thread-safe: the owner guards it.
 */
public final class SampleWindow {
    private final long[] times;
    private final double[] values;
    /** Slot the next sample goes to. */
    private int next;
    private int size;

    public SampleWindow(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("window capacity must be >= 1, was " + capacity);
        }
        this.times = new long[capacity];
        this.values = new double[capacity];
    }

    public void add(long epochMillis, double value) {
        times[next] = epochMillis;
        values[next] = value;
        next = next + 1 == values.length ? 0 : next + 1;
        if (size < values.length) {
            size++;
        }
    }

    public int size() {
        return size;
    }

    public int capacity() {
        return values.length;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** The newest value; {@code NaN} when empty. */
    public double latest() {
        return size == 0 ? Double.NaN : values[slotOfNewest()];
    }

    /** The time of the newest value in epoch milliseconds; {@link Long#MIN_VALUE} when empty. */
    public long latestTimeMillis() {
        return size == 0 ? Long.MIN_VALUE : times[slotOfNewest()];
    }

    /** The i-th value counting from the oldest (0) to the newest ({@code size() - 1}). */
    public double get(int i) {
        return values[slotOf(i)];
    }

    /** The time of the i-th value, oldest = 0. */
    public long timeMillis(int i) {
        return times[slotOf(i)];
    }

    /**
     * Copies all values, oldest to newest, to {@code dst[0 .. size-1]}.
     *
     * @return the number copied, {@link #size()}
     */
    public int copyValues(double[] dst) {
        return lastN(size, dst);
    }

    /**
     * Copies the newest {@code min(n, size)} values, oldest of them first, to {@code dst[0 ..]}.
     *
     * @return the number copied
     */
    public int lastN(int n, double[] dst) {
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0, was " + n);
        }
        int count = Math.min(n, size);
        if (dst.length < count) {
            throw new IllegalArgumentException("destination holds " + dst.length + " values, " + count + " needed");
        }
        if (count == 0) {
            return 0;
        }
        int first = slotOf(size - count);
        int untilEnd = Math.min(count, values.length - first);
        System.arraycopy(values, first, dst, 0, untilEnd);
        System.arraycopy(values, 0, dst, untilEnd, count - untilEnd);
        return count;
    }

    public void clear() {
        next = 0;
        size = 0;
    }

    private int slotOfNewest() {
        return next == 0 ? values.length - 1 : next - 1;
    }

    private int slotOf(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("index " + i + " in a window of " + size);
        }
        int oldest = next - size;
        if (oldest < 0) {
            oldest += values.length;
        }
        int slot = oldest + i;
        return slot >= values.length ? slot - values.length : slot;
    }
}
