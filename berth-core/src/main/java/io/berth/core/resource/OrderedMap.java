package io.berth.core.resource;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/**
 * An immutable map with string keys that keeps the order they were put in: what an explanation's scores, metrics and
 * notes are (a handful of entries each, read the same way every time). Two arrays and a linear lookup, no hashing:
 * building one costs about what copying the entries costs, and a map built here is taken as it is by
 * {@link #copyOf}, so an explanation keeps the maps its writer built instead of copying each twice (which was about
 * a third of writing an explanation). Equal to any map with the same entries, as {@link Map} requires.
 */
public final class OrderedMap<V> extends AbstractMap<String, V> {
    private static final OrderedMap<Object> EMPTY = new OrderedMap<>(new String[0], new Object[0], 0);

    private final String[] keys;
    private final Object[] values;
    private final int size;

    private OrderedMap(String[] keys, Object[] values, int size) {
        this.keys = keys;
        this.values = values;
        this.size = size;
    }

    @SuppressWarnings("unchecked")
    public static <V> OrderedMap<V> of() {
        return (OrderedMap<V>) EMPTY;
    }

    /** The map itself if it is one of these, else its entries in its iteration order. */
    @SuppressWarnings("unchecked")
    public static <V> OrderedMap<V> copyOf(Map<String, ? extends V> m) {
        if (m instanceof OrderedMap<?> o) return (OrderedMap<V>) o;
        if (m.isEmpty()) return of();
        Builder<V> b = builder(m.size());
        for (Map.Entry<String, ? extends V> e : m.entrySet()) b.put(e.getKey(), e.getValue());
        return b.build();
    }

    public static <V> Builder<V> builder(int expectedSize) {
        return new Builder<>(expectedSize);
    }

    /** Puts entries in order; putting a key again replaces its value in place, as a {@link java.util.LinkedHashMap} does. */
    public static final class Builder<V> {
        private String[] keys;
        private Object[] values;
        private int size;
        private boolean built;

        private Builder(int expectedSize) {
            keys = new String[Math.max(expectedSize, 1)];
            values = new Object[keys.length];
        }

        public Builder<V> put(String key, V value) {
            Objects.requireNonNull(key, "key");
            if (built) throw new IllegalStateException("already built");
            for (int i = 0; i < size; i++) {
                if (keys[i].equals(key)) {
                    values[i] = value;
                    return this;
                }
            }
            if (size == keys.length) {
                keys = Arrays.copyOf(keys, size * 2);
                values = Arrays.copyOf(values, size * 2);
            }
            keys[size] = key;
            values[size++] = value;
            return this;
        }

        /** The map; the builder cannot be used again (the map shares its arrays). */
        public OrderedMap<V> build() {
            built = true;
            return size == 0 ? of() : new OrderedMap<>(keys, values, size);
        }
    }

    @Override
    public int size() {
        return size;
    }

    private int indexOf(Object key) {
        for (int i = 0; i < size; i++) if (keys[i].equals(key)) return i;
        return -1;
    }

    @Override
    public boolean containsKey(Object key) {
        return indexOf(key) >= 0;
    }

    @Override
    @SuppressWarnings("unchecked")
    public V get(Object key) {
        int i = indexOf(key);
        return i < 0 ? null : (V) values[i];
    }

    @Override
    public Set<Map.Entry<String, V>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public int size() {
                return size;
            }

            @Override
            public Iterator<Map.Entry<String, V>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < size;
                    }

                    @Override
                    @SuppressWarnings("unchecked")
                    public Map.Entry<String, V> next() {
                        if (next >= size) throw new NoSuchElementException();
                        int i = next++;
                        return new SimpleImmutableEntry<>(keys[i], (V) values[i]);
                    }
                };
            }
        };
    }
}
