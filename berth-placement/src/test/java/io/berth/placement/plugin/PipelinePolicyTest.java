package io.berth.placement.plugin;

import io.berth.core.domain.HostState;
import io.berth.core.domain.Pool;
import io.berth.core.resource.PlacementDecision;
import io.berth.core.resource.PlacementExplanation;
import io.berth.core.resource.PolicyDescription;
import io.berth.core.resource.PolicySettingException;
import io.berth.metrics.HostLoad;
import io.berth.placement.HostTable;
import io.berth.placement.PlacementContext;
import io.berth.placement.PolicyRegistry;
import io.berth.placement.filter.HostFilter;
import io.berth.placement.filter.PerHostFilter;
import io.berth.placement.score.HostScorer;
import io.berth.placement.score.PerHostScorer;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

import static io.berth.placement.fixtures.PlacementFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The pipeline policy composed from settings, with Berth's parts and parts added the way plug-ins add them. */
class PipelinePolicyTest {
    /** Prefers hosts with few VMs: what a plug-in scorer might do. */
    static final class FewVms extends PerHostScorer {
        public String name() { return "few-vms"; }
        public String description() { return "1 / (1 + VMs)"; }
        @Override public boolean usesLiveLoad() { return true; }
        protected double score(HostTable t, PlacementContext c, int i) { return 1.0 / (1 + t.load[i].vmCount()); }
    }

    /** Rejects even host ids: what a plug-in filter might do. */
    static final class OddOnly extends PerHostFilter {
        public String name() { return "odd-only"; }
        public String description() { return "odd host ids only"; }
        protected String check(HostTable t, PlacementContext c, int i) { return t.hostId[i] % 2 == 0 ? "even host id" : null; }
    }

    static HostScorerProvider scorer(String name, java.util.function.Supplier<HostScorer> s) {
        return new HostScorerProvider() {
            public String name() { return name; }
            public HostScorer create() { return s.get(); }
        };
    }

    static HostFilterProvider filter(String name, java.util.function.Supplier<HostFilter> f) {
        return new HostFilterProvider() {
            public String name() { return name; }
            public HostFilter create() { return f.get(); }
        };
    }

    final PipelineParts parts = PipelineParts.withBuiltIns();
    final PolicyRegistry registry = PolicyRegistry.withBuiltIns();
    // h1: busy but few VMs; h2: idle but many VMs; h3: in between.
    final Map<Long, HostLoad> loads = Map.of(1L, load(1, 0.8, 0.9, 1), 2L, load(2, 0.1, 0.2, 12), 3L, load(3, 0.4, 0.5, 3));

    PipelinePolicyTest() {
        PipelinePolicy.register(registry, parts, RandomGenerator.of("L64X128MixRandom"));
        parts.addScorer(scorer("few-vms", FewVms::new));
        parts.addFilter(filter("odd-only", OddOnly::new));
    }

    PlacementDecision place(Map<String, String> settings) {
        Pool pool = pool(PipelinePolicy.NAME, settings);
        var hosts = List.of(candidate(pool, host(1, HostState.AVAILABLE)), candidate(pool, host(2, HostState.AVAILABLE)),
                candidate(pool, host(3, HostState.AVAILABLE)));
        PlacementContext context = context(pool, request(hosts, null), loads);
        return registry.controllerFor(pool).place(context);
    }

    @Test
    void byDefaultItIsLeastLoaded() {
        PlacementDecision d = place(Map.of());

        assertThat(d.explanation().pickedHostId()).isEqualTo(2);
        assertThat(d.explanation().controller()).isEqualTo("pipeline");
        assertThat(d.explanation().notes()).containsEntry("weights", "current-load=1.0")
                .containsEntry("filters", "host-state,image-minimums,capacity,image-overcommit,placement-group,live-load");
    }

    @Test
    void aPoolWeighsBuiltInAndPlugInScorersAsItsSettingsSay() {
        PlacementDecision d = place(Map.of("scorers", "few-vms:3, current-load:1"));

        assertThat(d.explanation().pickedHostId()).isEqualTo(1);
        assertThat(d.explanation().notes()).containsEntry("weights", "few-vms=3.0,current-load=1.0");
        PlacementExplanation.Candidate h1 = d.explanation().candidates().getFirst();
        assertThat(h1.scores()).containsKeys("few-vms", "current-load", "total");
        assertThat(h1.scores().get("few-vms")).isEqualTo(0.5);
    }

    @Test
    void extraFiltersRunAfterTheStandardOnes() {
        PlacementDecision d = place(Map.of("extra-filters", "odd-only"));

        assertThat(d.explanation().pickedHostId()).as("h2 is the least loaded, but even").isEqualTo(3);
        assertThat(d.explanation().candidates()).filteredOn(c -> c.hostId() == 2).singleElement()
                .satisfies(c -> assertThat(c.rejectedBy()).isEqualTo("odd-only"))
                .satisfies(c -> assertThat(c.reason()).isEqualTo("even host id"));
        assertThat(d.explanation().notes().get("filters")).endsWith(",live-load,odd-only");
    }

    @Test
    void topKSelectionAndMaxCpuAreTheBuiltIns() {
        PlacementDecision d = place(Map.of("selection", "top-k", "top-k", "2", "max-cpu", "0.6"));

        assertThat(d.explanation().notes()).containsEntry("selection", "random among the top 2").containsEntry("rejected.live-load", "1");
        assertThat(d.explanation().pickedHostId()).isIn(2L, 3L);
    }

    @Test
    void badSettingsAreRefusedNamingTheSetting() {
        assertSetting(Map.of("scorers", "nope:1"), "scorers", "unknown scorer 'nope' in scorers; known: [current-load, forecast-headroom, balance, packing, few-vms]");
        assertSetting(Map.of("scorers", "packing:heavy"), "scorers", "the weight of packing in scorers must be a number in (0, 100], not 'heavy'");
        assertSetting(Map.of("scorers", "packing:0"), "scorers", "must be a number in (0, 100]");
        assertSetting(Map.of("scorers", "packing:1,packing:2"), "scorers", "scorers names packing twice");
        assertSetting(Map.of("scorers", " , "), "scorers", "at least one");
        assertSetting(Map.of("extra-filters", "odd-only,firewall"), "extra-filters", "unknown filter 'firewall' in extra-filters; plug-ins offer [odd-only]");
        assertSetting(Map.of("extra-filters", "odd-only,odd-only"), "extra-filters", "twice");
        assertSetting(Map.of("max-cpu", "2"), "max-cpu", "between");
        assertSetting(Map.of("selection", "worst"), "selection", "must be one of");
        assertSetting(Map.of("scorer", "packing:1"), "scorer", "unknown setting");
        registry.check("pipeline", Map.of("scorers", "balance:1,packing:2,few-vms", "extra-filters", "odd-only",
                "selection", "top-k", "top-k", "4", "max-cpu", "0.9", "vm-utilisation", "0.3", "explain-all-below", "10"));
    }

    @Test
    void thePolicyListShowsItsSettings() {
        PolicyDescription pipeline = registry.describe().stream().filter(p -> p.name().equals("pipeline")).findFirst().orElseThrow();

        assertThat(pipeline.settings()).containsKeys("scorers", "extra-filters", "max-cpu", "selection", "top-k", "vm-utilisation", "explain-all-below");
        assertThat(pipeline.settings().get("scorers")).contains("name:weight").contains("few-vms");
    }

    @Test
    void partsRefuseBadOrTakenNamesAndProvidersWhosePartIsNamedOtherwise() {
        assertThatThrownBy(() -> parts.addScorer(scorer("current-load", FewVms::new))).hasMessageContaining("names must match");
        assertThatThrownBy(() -> parts.addScorer(scorer("few-vms", FewVms::new))).hasMessageContaining("scorer few-vms already exists");
        assertThatThrownBy(() -> parts.addScorer(scorer("a:b", FewVms::new))).hasMessageContaining("not a valid name");
        assertThatThrownBy(() -> parts.addFilter(filter("odd-only", OddOnly::new))).hasMessageContaining("filter odd-only already exists");
        assertThat(parts.newScorer("few-vms")).get().isNotSameAs(parts.newScorer("few-vms").orElseThrow());
    }

    private void assertSetting(Map<String, String> settings, String setting, String message) {
        assertThatThrownBy(() -> registry.check("pipeline", settings))
                .isInstanceOfSatisfying(PolicySettingException.class, e -> assertThat(e.setting()).isEqualTo(setting))
                .hasMessageContaining(message);
    }
}
