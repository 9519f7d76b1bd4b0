package io.berth.metrics;

import java.util.Arrays;

/**
 * A map from long to object with open addressing, so looking a host up per sample boxes nothing.
 * Linear probing; removal shifts the following entries back instead of leaving tombstones.
 * Not thread-safe: {@link LoadMonitor} guards each one with its stripe's lock.
 */
final class LongKeyedMap<V> {
    private long[] keys;
    private Object[] values; // null marks a free slot
    private int size;

    LongKeyedMap() {
        keys = new long[16];
        values = new Object[16];
    }

    int size() {
        return size;
    }

    @SuppressWarnings("unchecked")
    V get(long key) {
        int mask = keys.length - 1;
        for (int i = slot(key, mask); ; i = (i + 1) & mask) {
            Object v = values[i];
            if (v == null) {
                return null;
            }
            if (keys[i] == key) {
                return (V) v;
            }
        }
    }

    /** Puts a non-null value; returns the one it replaced, or null. */
    @SuppressWarnings("unchecked")
    V put(long key, V value) {
        if (value == null) {
            throw new NullPointerException("value");
        }
        int mask = keys.length - 1;
        int i = slot(key, mask);
        while (values[i] != null) {
            if (keys[i] == key) {
                V old = (V) values[i];
                values[i] = value;
                return old;
            }
            i = (i + 1) & mask;
        }
        keys[i] = key;
        values[i] = value;
        size++;
        if (size * 4 > keys.length * 3) {
            grow();
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    V remove(long key) {
        int mask = keys.length - 1;
        int i = slot(key, mask);
        while (values[i] != null) {
            if (keys[i] == key) {
                V old = (V) values[i];
                shiftBack(i, mask);
                size--;
                return old;
            }
            i = (i + 1) & mask;
        }
        return null;
    }

    /** Appends the keys to {@code dst} from {@code from} on; returns the index after the last one written. */
    int copyKeys(long[] dst, int from) {
        int j = from;
        for (int i = 0; i < keys.length; i++) {
            if (values[i] != null) {
                dst[j++] = keys[i];
            }
        }
        return j;
    }

    /** Backward-shift deletion: pull later entries of the probe run into the hole so lookups still find them. */
    private void shiftBack(int hole, int mask) {
        int i = hole;
        while (true) {
            i = (i + 1) & mask;
            if (values[i] == null) {
                break;
            }
            int home = slot(keys[i], mask);
            // The entry at i may move to the hole only if its home is not cyclically within (hole, i].
            boolean homeBetween = hole <= i ? (home > hole && home <= i) : (home > hole || home <= i);
            if (!homeBetween) {
                keys[hole] = keys[i];
                values[hole] = values[i];
                hole = i;
            }
        }
        values[hole] = null;
    }

    private void grow() {
        long[] oldKeys = keys;
        Object[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new Object[oldValues.length * 2];
        int mask = keys.length - 1;
        for (int j = 0; j < oldKeys.length; j++) {
            if (oldValues[j] != null) {
                int i = slot(oldKeys[j], mask);
                while (values[i] != null) {
                    i = (i + 1) & mask;
                }
                keys[i] = oldKeys[j];
                values[i] = oldValues[j];
            }
        }
    }

    private static int slot(long key, int mask) {
        return (int) mix(key) & mask;
    }

    /** A 64-bit finalizer (MurmurHash3's fmix64) so consecutive host ids spread over the table and the stripes. */
    static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    @Override
    public String toString() {
        long[] k = new long[size];
        copyKeys(k, 0);
        Arrays.sort(k);
        return "LongKeyedMap" + Arrays.toString(k);
    }
}
