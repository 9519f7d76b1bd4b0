package io.berth.placement;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormatSymbols;
import java.util.Locale;

/**
 * The text {@code String.format("%.Nf", v)} and {@code String.format("%d", v)} give, without a {@link java.util.Formatter}
 * per call: explanations and move reasons format numbers by the thousand per rebalance. Where the default locale writes
 * numbers otherwise than with '.' and ASCII digits, and for values that are not finite, it is String.format itself.
 */
public final class Decimals {
    private static volatile Locale checked;
    private static volatile boolean plain;

    private Decimals() {}

    /** {@code String.format("%." + digits + "f", v)}. */
    public static String fixed(double v, int digits) {
        if (!Double.isFinite(v) || !plainLocale()) return String.format("%." + digits + "f", v);
        // The formatter rounds the shortest decimal that reads back as v half up, as BigDecimal.valueOf does here.
        String s = BigDecimal.valueOf(v).setScale(digits, RoundingMode.HALF_UP).toPlainString();
        // It keeps the sign of a negative value that rounds to zero (and of -0.0); BigDecimal has no negative zero.
        return (v < 0 || Double.doubleToRawLongBits(v) == Long.MIN_VALUE) && s.charAt(0) != '-' ? "-" + s : s;
    }

    /** {@code String.format("%d", v)}. */
    public static String whole(long v) {
        return plainLocale() ? Long.toString(v) : String.format("%d", v);
    }

    private static boolean plainLocale() {
        Locale l = Locale.getDefault(Locale.Category.FORMAT);
        if (l != checked) {
            DecimalFormatSymbols s = DecimalFormatSymbols.getInstance(l);
            plain = s.getDecimalSeparator() == '.' && s.getZeroDigit() == '0';
            checked = l;
        }
        return plain;
    }
}
