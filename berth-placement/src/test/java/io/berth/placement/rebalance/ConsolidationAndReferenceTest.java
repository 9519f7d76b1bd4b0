package io.berth.placement.rebalance;

import io.berth.core.rebalance.ClusterSnapshot;
import io.berth.core.rebalance.PlannedMove;
import io.berth.core.rebalance.RebalancePlan;
import io.berth.core.rebalance.RebalanceTrigger;
import io.berth.core.testing.MutableClock;
import io.berth.metrics.LoadMonitor;
import io.berth.placement.score.CurrentLoadScorer;
import io.berth.placement.score.WeightedScorer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.berth.placement.pipeline.PlacementLab.*;
import static io.berth.placement.rebalance.RebalanceLab.hostsAfter;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rebalancer's options for Beloglazov &amp; Buyya's setting and for consolidation: underload consolidation, the
 * detector's check on targets, the current-load ceiling, best-fit-decreasing relief, cheapest-relief VM selection and
 * pre-screening of large pools.
 */
class ConsolidationAndReferenceTest {
    final MutableClock clock = clock();
    final LoadMonitor hostLoads = new LoadMonitor(clock);
    final LoadMonitor vmLoads = new LoadMonitor(clock);

    /** Settings acting on one sample, no caps and no cooldown, with a static threshold. */
    RebalanceSettings reference(double threshold) {
        return RebalanceSettings.reference(new OverloadDetector.Threshold(threshold), VmSelection.MMT, INTERVAL);
    }

    Rebalancer rebalancer(RebalanceSettings s) {
        return new Rebalancer(s, hostLoads, vmLoads, clock);
    }

    /** A VM on a host at a load, in samples of both the host and the VM. */
    void load(long hostId, double hostCpu, long vmId, double vmShare) {
        flat(hostLoads, hostId, NOW, 3, hostCpu);
        if (vmId > 0) flat(vmLoads, vmId, NOW, 3, vmShare);
    }

    /** h1 at 0.1 (VM 11), h2 at 0.4 (VM 21), h3 at 0.5 (VM 31), h4 empty: 8-VCPU hosts, 4-VCPU VMs. */
    ClusterSnapshot fourHosts() {
        RebalanceLab lab = new RebalanceLab();
        for (long h = 1; h <= 4; h++) lab.host(host(h, 8));
        lab.vm(11, 1, image(4, 1024)).vm(21, 2, image(4, 1024)).vm(31, 3, image(4, 1024));
        load(1, 0.1, 11, 0.1);
        load(2, 0.4, 21, 0.4);
        load(3, 0.5, 31, 0.5);
        load(4, 0.0, 0, 0);
        return lab.snapshot(NOW);
    }

    @Test
    void consolidationEmptiesTheLeastLoadedHostOntoHostsThatAreOn() {
        ClusterSnapshot snapshot = fourHosts();
        RebalanceSettings s = reference(0.8).withTargets(RebalanceSettings.TargetLoad.CURRENT, 0.8, true);

        RebalancePlan plan = rebalancer(s).plan(snapshot, RebalanceTrigger.PERIODIC, null);

        // h1's VM goes to a host that is on (never to the empty h4); h3 cannot follow (0.5 + 0.5 > 0.8 anywhere).
        assertThat(plan.moves()).singleElement().satisfies(m -> {
            assertThat(m.reservationId()).isEqualTo(11);
            assertThat(m.fromHostId()).isEqualTo(1);
            assertThat(m.toHostId()).isIn(2L, 3L);
            assertThat(m.reason().trigger()).isEqualTo("consolidation");
            assertThat(m.reason().summary()).startsWith("h1 was underloaded (CPU 0.10); emptying it so it can be switched off");
        });
        assertThat(plan.notes()).contains("consolidation: emptied 1 underloaded host(s); 1 could not be emptied (a VM found no target)");
    }

    @Test
    void consolidationIsOffByDefault() {
        ClusterSnapshot snapshot = fourHosts();
        assertThat(rebalancer(RebalanceSettings.defaults()).plan(snapshot, RebalanceTrigger.PERIODIC, null).moves()).isEmpty();
    }

    @Test
    void aHostIsEmptiedOnlyIfEveryVmFindsATarget() {
        RebalanceLab lab = new RebalanceLab();
        for (long h = 1; h <= 3; h++) lab.host(host(h, 8));
        // h1 runs two VMs; only one fits beside h2's load under the ceiling, and h3 is off: h1 stays as it is.
        lab.vm(11, 1, image(4, 1024)).vm(12, 1, image(4, 1024)).vm(21, 2, image(4, 1024));
        load(1, 0.4, 11, 0.2);
        flat(vmLoads, 12, NOW, 3, 0.2);
        load(2, 0.5, 21, 0.5);
        load(3, 0.0, 0, 0);
        RebalanceSettings s = reference(0.8).withTargets(RebalanceSettings.TargetLoad.CURRENT, 0.8, true);

        RebalancePlan plan = rebalancer(s).plan(lab.snapshot(NOW), RebalanceTrigger.PERIODIC, null);

        assertThat(plan.moves()).isEmpty();
        assertThat(plan.notes()).contains("consolidation: emptied 0 underloaded host(s); 2 could not be emptied (a VM found no target)");
    }

    @Test
    void consolidationLeavesHostsAboveTheUnderloadThreshold() {
        ClusterSnapshot snapshot = fourHosts();
        RebalanceSettings s = reference(0.8).withTargets(RebalanceSettings.TargetLoad.CURRENT, 0.8, true)
                .withConsolidation(new RebalanceSettings.Consolidation(true, 0.05, false, 10));
        assertThat(rebalancer(s).plan(snapshot, RebalanceTrigger.PERIODIC, null).moves()).isEmpty();
    }

    @Test
    void aTargetTheDetectorWouldFindOverloadedIsRefused() {
        RebalanceLab lab = new RebalanceLab();
        for (long h = 1; h <= 3; h++) lab.host(host(h, 8));
        lab.vm(11, 1, image(4, 1024)).vm(12, 1, image(4, 2048)).vm(21, 2, image(4, 1024)).vm(31, 3, image(4, 1024));
        load(1, 0.7, 11, 0.2);
        flat(vmLoads, 12, NOW, 3, 0.5);
        load(2, 0.45, 21, 0.45);
        load(3, 0.3, 31, 0.3);
        // Threshold 0.6, ceiling 1: without the check the VM may go anywhere under 1; with it, only where it stays <= 0.6.
        RebalanceSettings checked = reference(0.6).withConsolidation(RebalanceSettings.Consolidation.OFF);
        RebalancePlan plan = rebalancer(checked).plan(lab.snapshot(NOW), RebalanceTrigger.PERIODIC, null);
        assertThat(plan.moves()).singleElement().satisfies(m -> {
            assertThat(m.reservationId()).isEqualTo(11);
            assertThat(m.toHostId()).isEqualTo(3);
            assertThat(m.reason().figures().get("targetCpuAfter")).isLessThanOrEqualTo(0.6);
            assertThat(m.reason().target().candidates()).filteredOn(c -> c.hostId() == 2).singleElement()
                    .satisfies(c -> assertThat(c.rejectedBy()).isEqualTo("not-overloaded-after"));
        });
    }

    @Test
    void withTheCurrentLoadCeilingAForecastDoesNotKeepAVmAway() {
        RebalanceLab lab = new RebalanceLab();
        for (long h = 1; h <= 2; h++) lab.host(host(h, 8));
        lab.vm(11, 1, image(4, 1024)).vm(12, 1, image(4, 1024)).vm(21, 2, image(4, 1024));
        load(1, 0.95, 11, 0.45);
        flat(vmLoads, 12, NOW, 3, 0.5);
        // h2 is at 0.3 now but rising fast: its forecast is far above the ceiling.
        feed(hostLoads, 2, NOW, 0.0, 0.1, 0.2, 0.3);
        flat(vmLoads, 21, NOW, 4, 0.3);
        RebalanceSettings base = new RebalanceSettings(new OverloadDetector.Threshold(0.8), INTERVAL, 0.0, 10, 10, Duration.ZERO,
                VmSelection.MMT, 0.8, INTERVAL);
        assertThat(rebalancer(base).plan(lab.snapshot(NOW), RebalanceTrigger.PERIODIC, null).moves()).as("projected load: refused").isEmpty();
        RebalanceSettings current = base.withTargets(RebalanceSettings.TargetLoad.CURRENT, 0.8, false);
        assertThat(rebalancer(current).plan(lab.snapshot(NOW), RebalanceTrigger.PERIODIC, null).moves()).hasSize(1);
    }

    @Test
    void bestFitDecreasingPlacesTheBiggestLeavingVmFirst() {
        RebalanceLab lab = new RebalanceLab();
        for (long h = 1; h <= 4; h++) lab.host(host(h, 16));
        // h1 at 1.0: MMT selects by memory (11: 512 MB, then 12, then 13) until under 0.8. Placed biggest CPU first, 13
        // alone brings h1 under 0.8, and moving 12 and 11 after it would cut nothing: they stay. Host by host, each VM
        // moves as soon as it is selected: three migrations.
        lab.vm(11, 1, image(4, 512)).vm(12, 1, image(4, 1024)).vm(13, 1, image(4, 2048)).vm(14, 1, image(4, 4096));
        load(1, 1.0, 11, 0.05);
        flat(vmLoads, 12, NOW, 3, 0.1);
        flat(vmLoads, 13, NOW, 3, 0.25);
        flat(vmLoads, 14, NOW, 3, 0.25);
        for (long h = 2; h <= 4; h++) load(h, 0.1, 0, 0);
        RebalanceSettings s = reference(0.8).withConsolidation(RebalanceSettings.Consolidation.OFF);

        RebalancePlan decreasing = rebalancer(s).plan(lab.snapshot(NOW), RebalanceTrigger.PERIODIC, null);
        assertThat(decreasing.moves()).extracting(PlannedMove::reservationId).containsExactly(13L);
        assertThat(decreasing.notes()).contains("moving reservation 12 would not cut total overload (0.00); not moved");

        RebalancePlan byHost = rebalancer(s.withReliefOrder(RebalanceSettings.ReliefOrder.BY_HOST)).plan(lab.snapshot(NOW), RebalanceTrigger.PERIODIC, null);
        assertThat(byHost.moves()).extracting(PlannedMove::reservationId).containsExactly(11L, 12L, 13L);
    }

    @Test
    void cheapestReliefMovesOneVmThatEndsTheOverloadAtTheLeastCost() {
        RebalanceLab lab = new RebalanceLab();
        for (long h = 1; h <= 3; h++) lab.host(host(h, 16));
        // h1 at 0.9, 0.1 over 0.8: VM 11 is quickest to move but too small; 12 and 13 each end the overload, 13 costs less.
        lab.vm(11, 1, image(4, 512)).vm(12, 1, image(4, 4096)).vm(13, 1, image(4, 1024)).vm(14, 1, image(4, 8192));
        load(1, 0.9, 11, 0.05);
        flat(vmLoads, 12, NOW, 3, 0.15);
        flat(vmLoads, 13, NOW, 3, 0.12);
        flat(vmLoads, 14, NOW, 3, 0.2);
        for (long h = 2; h <= 3; h++) load(h, 0.1, 0, 0);
        RebalanceSettings cost = new RebalanceSettings(new OverloadDetector.Threshold(0.8), INTERVAL, 0.0, 10, 10, Duration.ZERO,
                VmSelection.COST, 0.8, INTERVAL);
        assertThat(rebalancer(cost).plan(lab.snapshot(NOW), RebalanceTrigger.PERIODIC, null).moves())
                .extracting(PlannedMove::reservationId).containsExactly(13L);
        RebalanceSettings mmt = new RebalanceSettings(new OverloadDetector.Threshold(0.8), INTERVAL, 0.0, 10, 10, Duration.ZERO,
                VmSelection.MMT, 0.8, INTERVAL);
        assertThat(rebalancer(mmt).plan(lab.snapshot(NOW), RebalanceTrigger.PERIODIC, null).moves())
                .extracting(PlannedMove::reservationId).startsWith(11L).hasSizeGreaterThan(1);
    }

    @Test
    void preScreeningALargePoolPicksTheSameTargetsAndSaysSo() {
        RebalanceLab lab = new RebalanceLab();
        int n = 120;
        for (long h = 1; h <= n; h++) lab.host(host(h, 8));
        for (long id = 11; id <= 18; id++) lab.vm(id, 1, image(1, 512 + (id - 11) * 128));
        flat(hostLoads, 1, NOW, 3, 0.95);
        for (long id = 11; id <= 18; id++) flat(vmLoads, id, NOW, 3, 0.95 / 8);
        // Hosts 2..60 are busy (0.75: no room under 0.8 for more than a sliver), the rest idle.
        for (long h = 2; h <= n; h++) {
            flat(hostLoads, h, NOW, 3, h <= 60 ? 0.75 : 0.0);
            if (h <= 60) {
                lab.vm(1000 + h, h, image(6, 1024));
                flat(vmLoads, 1000 + h, NOW, 3, 0.75);
            }
        }
        ClusterSnapshot snapshot = lab.snapshot(NOW);
        RebalanceSettings s = new RebalanceSettings(new OverloadDetector.Threshold(0.8), INTERVAL, 0.0, 10, 10, Duration.ZERO,
                VmSelection.MMT, 0.8, INTERVAL);
        List<WeightedScorer> scorers = List.of(new WeightedScorer(new CurrentLoadScorer(), 1));
        RebalancePlan full = new Rebalancer(s, hostLoads, vmLoads, clock, new TargetPolicy(scorers, List.of(), false)).plan(snapshot, RebalanceTrigger.PERIODIC, null);
        RebalancePlan screened = new Rebalancer(s, hostLoads, vmLoads, clock, new TargetPolicy(scorers, List.of(), true, id -> "same-model"))
                .plan(snapshot, RebalanceTrigger.PERIODIC, null);

        assertThat(hostsAfter(snapshot, screened)).isEqualTo(hostsAfter(snapshot, full));
        assertThat(screened.moves()).isNotEmpty().allSatisfy(m -> assertThat(m.reason().target().notes().get("prescreened"))
                .contains("other host(s) of the pool were left out before the filters"));
        assertThat(full.moves()).allSatisfy(m -> assertThat(m.reason().target().notes()).doesNotContainKey("prescreened"));
    }

    @Test
    void aVmPlannedOntoAHostThatIsThenEmptiedMovesOnceToItsFinalTarget() {
        RebalanceLab lab = new RebalanceLab();
        for (long h = 1; h <= 3; h++) lab.host(host(h, 8));
        // h1 is overloaded; its smallest VM goes to h2, the least loaded host, which consolidation then empties onto h3.
        lab.vm(11, 1, image(2, 512)).vm(12, 1, image(4, 2048)).vm(21, 2, image(2, 1024)).vm(31, 3, image(4, 1024));
        load(1, 0.9, 11, 0.2);
        flat(vmLoads, 12, NOW, 3, 0.5);
        load(2, 0.05, 21, 0.05);
        load(3, 0.3, 31, 0.3);
        RebalanceSettings s = reference(0.8).withTargets(RebalanceSettings.TargetLoad.CURRENT, 0.8, true);
        Rebalancer r = new Rebalancer(s, hostLoads, vmLoads, clock,
                new TargetPolicy(List.of(new WeightedScorer(new CurrentLoadScorer(), 1)), List.of(), false));

        RebalancePlan plan = r.plan(lab.snapshot(NOW), RebalanceTrigger.PERIODIC, null);

        assertThat(plan.moves()).extracting(PlannedMove::reservationId).doesNotHaveDuplicates();
        assertThat(hostsAfter(lab.snapshot(NOW), plan)).doesNotContainValue(2L);
        assertThat(plan.moves()).filteredOn(m -> m.reservationId() == 11).singleElement().satisfies(m -> {
            assertThat(m.fromHostId()).isEqualTo(1);
            assertThat(m.toHostId()).isEqualTo(3);
            assertThat(m.reason().trigger()).isEqualTo("rebalance");
            assertThat(m.reason().summary()).contains("to h3 (not h2, which was then emptied)");
            assertThat(m.reason().figures()).containsEntry("viaHostId", 2.0);
        });
    }

    @Test
    void judgedByItsVmsHistoryAHostThatJustTookVmsIsNotCalledVolatile() {
        RebalanceLab lab = new RebalanceLab();
        for (long h = 1; h <= 2; h++) lab.host(host(h, 8));
        lab.vm(11, 1, image(4, 1024)).vm(12, 1, image(4, 1024));
        // h1 measured swings (MAD 0.2: threshold 1 - 2.5 x 0.2 = 0.5, so 0.7 is over), while the VMs it runs now were
        // steady (their summed history is a flat 0.7: MAD 0, threshold 1).
        feed(hostLoads, 1, NOW, 0.1, 0.3, 0.5, 0.7, 0.2, 0.4, 0.6, 0.8, 0.1, 0.3, 0.5, 0.7, 0.7);
        for (long vm = 11; vm <= 12; vm++) flat(vmLoads, vm, NOW, 13, 0.35);
        flat(hostLoads, 2, NOW, 13, 0.1);
        OverloadDetector byHost = OverloadDetector.parse("mad:2.5,floor=0");
        OverloadDetector byVms = OverloadDetector.parse("mad:2.5,floor=0,history=vms");
        RebalanceSettings s = reference(0.8).withConsolidation(RebalanceSettings.Consolidation.OFF);

        assertThat(rebalancer(s.withDetector(byHost)).plan(lab.snapshot(NOW), RebalanceTrigger.PERIODIC, null).moves()).isNotEmpty();
        RebalancePlan plan = rebalancer(s.withDetector(byVms)).plan(lab.snapshot(NOW), RebalanceTrigger.PERIODIC, null);
        assertThat(plan.moves()).isEmpty();
        assertThat(plan.before()).containsEntry("overloadedHosts", 0.0);
    }
}
