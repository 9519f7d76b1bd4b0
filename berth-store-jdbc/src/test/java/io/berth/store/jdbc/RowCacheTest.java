package io.berth.store.jdbc;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class RowCacheTest {
    private record Key(int n) {}

    @Test
    void answersFromMemoryUntilInvalidated() {
        RowCache cache = new RowCache();
        AtomicInteger loads = new AtomicInteger();

        assertThat(cache.<String>get(new Key(1), () -> "one#" + loads.incrementAndGet())).isEqualTo("one#1");
        assertThat(cache.<String>get(new Key(1), () -> "one#" + loads.incrementAndGet())).isEqualTo("one#1");
        cache.invalidate();
        assertThat(cache.<String>get(new Key(1), () -> "one#" + loads.incrementAndGet())).isEqualTo("one#2");
    }

    /** A load that overlaps an invalidation may have read the old rows: its answer is never served. */
    @Test
    void anAnswerLoadedAcrossAnInvalidationIsNotKept() {
        RowCache cache = new RowCache();

        String raced = cache.get(new Key(1), () -> {
            cache.invalidate(); // a write commits while this load reads
            return "old";
        });

        assertThat(raced).isEqualTo("old");
        assertThat(cache.<String>get(new Key(1), () -> "new")).isEqualTo("new");
    }

    @Test
    void keepsAtMostItsBoundWhateverIsAsked() {
        RowCache cache = new RowCache();
        for (int i = 0; i < RowCache.MAX_ROWS * 2 + 7; i++) {
            int n = i;
            cache.get(new Key(n), () -> n);
            assertThat(cache.size()).isLessThanOrEqualTo(RowCache.MAX_ROWS);
        }
        assertThat(cache.size()).isPositive();
    }

    @Test
    void forgettingSomeAnswersKeepsTheOthers() {
        RowCache cache = new RowCache();
        AtomicInteger loads = new AtomicInteger();
        for (int n = 1; n <= 3; n++) {
            int k = n;
            cache.get(new Key(k), () -> "v" + k + "#" + loads.incrementAndGet());
        }

        cache.forget(answer -> ((String) answer).startsWith("v2"));

        assertThat(cache.<String>get(new Key(1), () -> "reloaded")).isEqualTo("v1#1");
        assertThat(cache.<String>get(new Key(2), () -> "reloaded")).isEqualTo("reloaded");
        assertThat(cache.<String>get(new Key(3), () -> "reloaded")).isEqualTo("v3#3");
    }
}
