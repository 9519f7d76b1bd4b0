package io.berth.simulation.report;

import io.berth.simulation.SimulationResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The comparison table printed on the terminal: one row per policy. */
public final class TerminalReport {
    private static final String[] HEADERS = {"policy", "energy kWh", "migrations", "SLATAH", "PDM", "SLAV", "ESV", "shutdowns",
            "active hosts", "wall s"};

    private TerminalReport() {}

    public static String table(List<SimulationResult> results) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADERS);
        for (SimulationResult r : results) {
            rows.add(new String[]{r.policy(), f("%.2f", r.energyKwh()), String.format(Locale.ROOT, "%,d", r.migrations()),
                    f("%.2f %%", r.slatah() * 100), f("%.4f %%", r.pdm() * 100), f("%.5f %%", r.slav() * 100), f("%.5f", r.esv()),
                    String.format(Locale.ROOT, "%,d", r.shutdowns()), f("%.1f", r.meanActiveHosts()), f("%.2f", r.wallSeconds())});
        }
        int[] width = new int[HEADERS.length];
        for (String[] row : rows) for (int c = 0; c < row.length; c++) width[c] = Math.max(width[c], row[c].length());
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < rows.size(); i++) {
            String[] row = rows.get(i);
            for (int c = 0; c < row.length; c++) {
                if (c > 0) b.append("  ");
                // The policy name left-aligned, the figures right-aligned.
                b.append(c == 0 ? pad(row[c], width[c], false) : pad(row[c], width[c], true));
            }
            b.append('\n');
            if (i == 0) {
                int total = 0;
                for (int w : width) total += w;
                b.append("-".repeat(total + 2 * (width.length - 1))).append('\n');
            }
        }
        for (SimulationResult r : results) {
            if (r.unplacedVms() > 0) b.append("note: ").append(r.policy()).append(" could not place ").append(r.unplacedVms()).append(" VM(s) at the start\n");
        }
        return b.toString();
    }

    private static String f(String format, double v) {
        return String.format(Locale.ROOT, format, v);
    }

    private static String pad(String s, int width, boolean right) {
        String fill = " ".repeat(Math.max(0, width - s.length()));
        return right ? fill + s : s + fill;
    }
}
