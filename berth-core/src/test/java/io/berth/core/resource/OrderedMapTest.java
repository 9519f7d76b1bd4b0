package io.berth.core.resource;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link OrderedMap} behaves as an unmodifiable copy of a {@link LinkedHashMap} put the same entries, in the same order. */
class OrderedMapTest {

    @Property(tries = 300)
    void readsAsALinkedHashMapPutTheSameEntries(@ForAll long seed, @ForAll @IntRange(max = 20) int puts) {
        Random r = new Random(seed);
        Map<String, Double> expected = new LinkedHashMap<>();
        OrderedMap.Builder<Double> builder = OrderedMap.builder(r.nextInt(4));
        for (int p = 0; p < puts; p++) {
            String key = "k" + r.nextInt(8); // repeated keys replace in place
            Double value = r.nextInt(10) == 0 ? null : r.nextDouble();
            expected.put(key, value);
            builder.put(key, value);
        }
        OrderedMap<Double> map = builder.build();

        assertThat(new ArrayList<>(map.entrySet())).isEqualTo(new ArrayList<>(expected.entrySet()));
        assertThat(map).isEqualTo(expected);
        assertThat(expected).isEqualTo(map);
        assertThat(map.hashCode()).isEqualTo(expected.hashCode());
        assertThat(map.toString()).isEqualTo(expected.toString());
        for (int k = 0; k < 9; k++) {
            assertThat(map.containsKey("k" + k)).isEqualTo(expected.containsKey("k" + k));
            assertThat(map.get("k" + k)).isEqualTo(expected.get("k" + k));
        }
        assertThat(OrderedMap.copyOf(expected)).isEqualTo(map).containsExactlyEntriesOf(expected);
        assertThat(OrderedMap.copyOf(map)).isSameAs(map);
    }

    @Test
    void cannotBeChanged() {
        OrderedMap<String> map = OrderedMap.<String>builder(1).put("a", "1").build();
        assertThatThrownBy(() -> map.put("b", "2")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> map.remove("a")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> map.entrySet().iterator().remove()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> map.entrySet().iterator().next().setValue("x")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(map).containsExactly(Map.entry("a", "1"));
    }

    @Test
    void aBuilderBuildsOnce() {
        OrderedMap.Builder<String> builder = OrderedMap.<String>builder(1).put("a", "1");
        OrderedMap<String> map = builder.build();
        assertThatThrownBy(() -> builder.put("b", "2")).isInstanceOf(IllegalStateException.class);
        assertThat(map).hasSize(1);
        assertThat(OrderedMap.<String>builder(0).build()).isSameAs(OrderedMap.of());
        assertThat(OrderedMap.of()).hasSize(0);
    }

    @Test
    void anExplanationKeepsTheMapsItIsGivenWhenTheyAreOrderedAlready() {
        OrderedMap<Double> scores = OrderedMap.<Double>builder(2).put("current-load", 0.5).put("total", 0.5).build();
        var candidate = new PlacementExplanation.Candidate(1, "h1", "lab", null, null, scores, Map.of("cpu", 0.2), 3.0);
        assertThat(candidate.scores()).isSameAs(scores);
        assertThat(candidate.metrics()).isEqualTo(Map.of("cpu", 0.2));
        List<String> order = new ArrayList<>(new PlacementExplanation("x", java.time.Instant.EPOCH, List.of(candidate), 1L, "s",
                linked("b", "1", "a", "2")).notes().keySet());
        assertThat(order).containsExactly("b", "a");
    }

    private static Map<String, String> linked(String k1, String v1, String k2, String v2) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(k1, v1);
        m.put(k2, v2);
        return m;
    }
}
