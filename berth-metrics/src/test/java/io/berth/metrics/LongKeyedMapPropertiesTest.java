package io.berth.metrics;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LongKeyedMapPropertiesTest {

    /**
     * Random puts and removes over a small key range (so probe runs collide and removals shift entries)
     * behave exactly like a HashMap.
     */
    @Property
    void behavesLikeAHashMap(@ForAll @Size(max = 400) List<@LongRange(min = -40, max = 40) Long> ops) {
        LongKeyedMap<String> map = new LongKeyedMap<>();
        Map<Long, String> model = new HashMap<>();
        for (int i = 0; i < ops.size(); i++) {
            long key = ops.get(i);
            if (i % 3 == 2) { // every third op removes
                assertThat(map.remove(key)).isEqualTo(model.remove(key));
            } else {
                String value = "v" + i;
                assertThat(map.put(key, value)).isEqualTo(model.put(key, value));
            }
            assertThat(map.size()).isEqualTo(model.size());
        }
        for (long k = -41; k <= 41; k++) {
            assertThat(map.get(k)).isEqualTo(model.get(k));
        }
        long[] keys = new long[map.size()];
        map.copyKeys(keys, 0);
        Arrays.sort(keys);
        assertThat(keys).containsExactly(model.keySet().stream().mapToLong(Long::longValue).sorted().toArray());
    }
}
