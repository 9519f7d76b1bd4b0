package io.berth.placement.power;

import io.berth.core.domain.Host;
import io.berth.core.domain.Pool;
import io.berth.core.resource.PlacementRequest;
import io.berth.core.testing.MutableClock;
import io.berth.metrics.LoadMonitor;
import io.berth.placement.PlacementContext;
import io.berth.placement.score.PowerAwareScorer;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.berth.placement.pipeline.PlacementLab.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class PowerAwareScorerTest {
    static final PowerCurve G4 = new PowerCurve(new double[]{86, 89.4, 92.6, 96, 99.5, 102, 106, 108, 112, 114, 117});
    static final PowerCurve FLAT = new PowerCurve(new double[]{100, 101});
    final MutableClock clock = clock();
    final LoadMonitor monitor = new LoadMonitor(clock);
    final Pool pool = pool("pipeline", Map.of());

    @Test
    void aPowerCurveInterpolatesLinearlyAndClampsUtilisation() {
        assertThat(G4.at(0)).isEqualTo(86);
        assertThat(G4.at(0.25)).isCloseTo(92.6 + (96 - 92.6) / 2, within(1e-9));
        assertThat(G4.at(1)).isEqualTo(117);
        assertThat(G4.at(1.7)).as("no host draws more than at 100 %").isEqualTo(117);
        assertThat(G4.at(-0.1)).isEqualTo(86);
        assertThat(G4.idle()).isEqualTo(86);
        assertThat(G4.peak()).isEqualTo(117);
        assertThatThrownBy(() -> new PowerCurve(new double[]{90})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PowerCurve(new double[]{90, Double.NaN})).isInstanceOf(IllegalArgumentException.class);
    }

    /** Scores of hosts 1 and 2 (8 VCPUs each) for a 2-VCPU instance at 50 %: 0.125 of either host. */
    private double[] scores(PowerAwareScorer scorer, double cpu1, double cpu2) {
        Host h1 = host(1, 8), h2 = host(2, 8);
        flat(monitor, 1, NOW, 3, cpu1);
        flat(monitor, 2, NOW, 3, cpu2);
        PlacementRequest request = request(7, image(2, 1024), List.of(idle(pool, h1), idle(pool, h2)));
        PlacementContext context = context(pool, request, monitor, NOW);
        double[] out = new double[2];
        int[] rejectedBy = new int[2];
        Arrays.fill(rejectedBy, -1);
        scorer.score(context.hosts(), context, rejectedBy, out);
        return out;
    }

    @Test
    void theHostWhosePowerRisesLeastScoresBest() {
        // Adding 12.5 % to host 1 at 40 % costs 3.5 W on G4; to host 2 at 10 %, 4.05 W.
        HostPowerModel model = id -> G4;
        double[] s = scores(PowerAwareScorer.pabfd(model), 0.4, 0.1);
        assertThat(s[0]).isGreaterThan(s[1]);
        // The score is 1 - rise / peak: the rise from 40 % to 52.5 % on G4.
        assertThat(s[0]).isCloseTo(1 - (G4.at(0.525) - G4.at(0.4)) / 117, within(1e-9));
    }

    @Test
    void modelsAreComparedOnOneScaleAndAnUnknownHostRanksLast() {
        HostPowerModel model = id -> id == 1 ? FLAT : G4;
        double[] s = scores(PowerAwareScorer.pabfd(model), 0.4, 0.4);
        assertThat(s[0]).as("a flat curve rises by 0.125 W").isGreaterThan(s[1]);
        double[] unknown = scores(PowerAwareScorer.pabfd(id -> id == 1 ? null : G4), 0.4, 0.4);
        assertThat(unknown[0]).isZero();
        assertThat(unknown[1]).isPositive();
    }

    @Test
    void wakingASwitchedOffHostCostsItsIdleDraw() {
        // Host 1 is off and idle, host 2 on at 20 %: as published, PABFD prefers the idle host's cheaper first stretch
        // (4.2 W against 4.275 W)...
        HostPowerModel model = new HostPowerModel() {
            public PowerCurve curve(long hostId) { return G4; }
            public boolean poweredOn(long hostId) { return hostId == 2; }
        };
        double[] pabfd = scores(PowerAwareScorer.pabfd(model), 0.0, 0.2);
        assertThat(pabfd[0]).isGreaterThan(pabfd[1]);
        // ...while counting the wake-up keeps it off and packs onto the host that is on.
        double[] packing = scores(PowerAwareScorer.packing(model), 0.0, 0.2);
        assertThat(packing[1]).isGreaterThan(packing[0]);
        assertThat(packing[0]).isCloseTo(1 - G4.at(0.125) / 117, within(1e-9));
        assertThat(Set.of(PowerAwareScorer.pabfd(model).name(), PowerAwareScorer.packing(model).name())).containsExactlyInAnyOrder("power", "power-wake");
    }

    @Test
    void fromTheMeasuredDrawLoadPlannedSinceCountsAsPartOfTheRise() {
        // 0.25 of host 1 is pending (placed, not yet in its samples): from the measured draw the rise spans it too.
        flat(monitor, 1, NOW, 3, 0.4);
        monitor.addPending(1, "reservation-1", 0.25, 0, NOW.plusSeconds(60));
        double[] measured = scores(PowerAwareScorer.pabfd(id -> G4), 0.4, 0.9);
        double[] planned = scores(new PowerAwareScorer("power-planned", id -> G4, false, false), 0.4, 0.9);
        assertThat(measured[0]).isCloseTo(1 - (G4.at(0.775) - G4.at(0.4)) / 117, within(1e-9));
        assertThat(planned[0]).isCloseTo(1 - (G4.at(0.775) - G4.at(0.65)) / 117, within(1e-9));
    }
}
