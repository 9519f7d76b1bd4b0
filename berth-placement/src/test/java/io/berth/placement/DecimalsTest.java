package io.berth.placement;

import org.junit.jupiter.api.Test;

import java.util.Locale;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class DecimalsTest {

    @Test
    void writesWhatStringFormatWrites() {
        SplittableRandom random = new SplittableRandom(7);
        double[] edges = {0, -0.0, 0.5, -0.5, 1.5, 0.125, -0.125, 0.0005, -0.0005, 0.005, 2.675, 1e-300, -1e-300, 1e20, 123456.785,
                Double.MIN_VALUE, Double.MAX_VALUE, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        for (double v : edges) sameAsFormat(v);
        for (int i = 0; i < 20_000; i++) {
            sameAsFormat(random.nextDouble());
            sameAsFormat((random.nextInt(200_000) - 100_000) / 1000.0 + 0.0005); // ties at three digits
            sameAsFormat((random.nextInt(20_000) - 10_000) / 100.0 + (random.nextBoolean() ? 0.005 : -0.005));
            sameAsFormat(Double.longBitsToDouble(random.nextLong()));
            sameAsFormat(random.nextDouble(-1, 1) * Math.pow(10, random.nextInt(12) - 6));
        }
        assertThat(Decimals.whole(-42)).isEqualTo(String.format("%d", -42L));
    }

    @Test
    void followsTheDefaultLocale() {
        Locale before = Locale.getDefault(Locale.Category.FORMAT);
        try {
            Locale.setDefault(Locale.Category.FORMAT, Locale.GERMANY);
            assertThat(Decimals.fixed(1.25, 2)).isEqualTo(String.format("%.2f", 1.25)).isEqualTo("1,25");
            Locale.setDefault(Locale.Category.FORMAT, Locale.forLanguageTag("ar-EG-u-nu-arab"));
            assertThat(Decimals.whole(1234)).isEqualTo(String.format("%d", 1234L));
            assertThat(Decimals.fixed(0.5, 1)).isEqualTo(String.format("%.1f", 0.5));
        } finally {
            Locale.setDefault(Locale.Category.FORMAT, before);
        }
        assertThat(Decimals.fixed(1.25, 2)).isEqualTo(String.format("%.2f", 1.25));
    }

    private static void sameAsFormat(double v) {
        for (int digits = 0; digits <= 3; digits++) {
            assertThat(Decimals.fixed(v, digits)).as("%s with %d digits", v, digits).isEqualTo(String.format("%." + digits + "f", v));
        }
    }
}
