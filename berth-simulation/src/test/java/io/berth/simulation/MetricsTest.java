package io.berth.simulation;

import io.berth.placement.power.PowerCurve;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The figures of Beloglazov & Buyya on small cases worked out by hand. */
class MetricsTest {
    static final PowerCurve G4 = new PowerCurve(new double[]{86, 89.4, 92.6, 96, 99.5, 102, 106, 108, 112, 114, 117});

    @Test
    void energyIsTheMeanOfTheInterpolatedDrawsAtBothEndsTimesTheDuration() {
        // 25 %: halfway between 92.6 and 96 W = 94.3 W; 35 %: halfway between 96 and 99.5 W = 97.75 W.
        assertThat(Metrics.energy(G4, 0.25, 0.35, 300)).isCloseTo((94.3 + 97.75) / 2 * 300, within(1e-9));
        assertThat(Metrics.energy(G4, 0, 0, 3600)).as("idle for an hour").isCloseTo(86 * 3600, within(1e-9));
        assertThat(Metrics.energy(G4, 1.3, 1.3, 10)).as("demand above capacity draws the peak").isCloseTo(1170, within(1e-9));

        Metrics m = new Metrics();
        m.hostTime(3600, Metrics.energy(G4, 1, 1, 3600), false);
        m.hostTime(3600, Metrics.energy(G4, 0, 0, 3600), false);
        assertThat(m.energyKwh()).isCloseTo((117 + 86) / 1000.0, within(1e-12));
    }

    @Test
    void slatahIsTheShareOfActiveTimeHostsSpentShortOfCpu() {
        Metrics m = new Metrics();
        m.hostTime(300, 1, false);
        m.hostTime(100, 1, true);
        m.hostTime(200, 1, true);
        assertThat(m.slatah()).isCloseTo(300.0 / 600, within(1e-12));
        assertThat(new Metrics().slatah()).isZero();
    }

    @Test
    void pdmIsTheCpuLostToMigrationsOverTheCpuAskedFor() {
        Metrics m = new Metrics();
        m.requested(1_000_000);            // e.g. 1000 MIPS for 1000 s
        m.migration(500, 10, 0.1);         // a VM asking 500 MIPS migrates for 10 s and loses 10 %: 500 MIPS·s
        m.migration(2000, 27.84, 0.1);     // 5568 MIPS·s
        assertThat(m.migrations()).isEqualTo(2);
        assertThat(m.pdm()).isCloseTo((500 + 5568) / 1_000_000.0, within(1e-12));
    }

    @Test
    void slavAndEsvCombineThem() {
        Metrics m = new Metrics();
        m.hostTime(3600, 3.6e6 * 2, true);  // 2 kWh, in violation all the time
        m.hostTime(3600, 0, false);
        m.requested(100_000);
        m.migration(1000, 10, 0.1);         // 1000 MIPS·s lost: PDM 1 %
        assertThat(m.slatah()).isCloseTo(0.5, within(1e-12));
        assertThat(m.pdm()).isCloseTo(0.01, within(1e-12));
        assertThat(m.slav()).isCloseTo(0.005, within(1e-12));
        assertThat(m.esv()).isCloseTo(2 * 0.005, within(1e-12));
        m.shutdown();
        assertThat(m.shutdowns()).isEqualTo(1);
    }
}
