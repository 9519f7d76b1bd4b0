package io.berth.simulation.report;

import io.berth.simulation.Experiment;
import io.berth.simulation.SimulationResult;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * A self-contained SVG picture of the day, one line per policy in three panels: hosts switched on, hosts whose VMs
 * asked for more CPU than they had (before that interval's migrations), and migrations per interval.
 */
public final class SvgChart {
    private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2",
            "#17becf", "#7f7f7f", "#bcbd22"};
    private static final int WIDTH = 960, PANEL = 210, TOP = 70, LEFT = 70, RIGHT = 190, GAP = 50;

    private SvgChart() {}

    public static String render(Experiment experiment, List<SimulationResult> results) {
        int height = TOP + 3 * PANEL + 2 * GAP + 50;
        StringBuilder b = new StringBuilder();
        b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"").append(height)
                .append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height).append("\" font-family=\"sans-serif\" font-size=\"12\">\n");
        b.append("<title>Berth simulation: ").append(esc(experiment.workload().source())).append("</title>\n");
        b.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        b.append(text(LEFT, 24, 16, "start", "Berth simulation — " + experiment.workload().vms().size() + " VMs on "
                + experiment.datacenter().hostCount() + " hosts, trace " + experiment.workload().source()));
        b.append(text(LEFT, 44, 12, "start", experiment.datacenter().name()));
        panel(b, results, 0, "Hosts switched on", SimulationResult::activeHosts);
        panel(b, results, 1, "Hosts short of CPU (demand above capacity, before migrations)", SimulationResult::overloadedHosts);
        panel(b, results, 2, "Migrations per interval", SimulationResult::migrationsPerStep);
        int x = WIDTH - RIGHT + 20;
        for (int i = 0; i < results.size(); i++) {
            int y = TOP + 10 + i * 20;
            b.append("<line x1=\"").append(x).append("\" y1=\"").append(y).append("\" x2=\"").append(x + 24).append("\" y2=\"").append(y)
                    .append("\" stroke=\"").append(colour(i)).append("\" stroke-width=\"2\"/>\n");
            b.append(text(x + 30, y + 4, 12, "start", results.get(i).policy()));
        }
        b.append("</svg>\n");
        return b.toString();
    }

    public static void write(Path file, Experiment experiment, List<SimulationResult> results) {
        try {
            if (file.getParent() != null) Files.createDirectories(file.getParent());
            Files.writeString(file, render(experiment, results));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static void panel(StringBuilder b, List<SimulationResult> results, int index, String title, Function<SimulationResult, int[]> series) {
        int top = TOP + index * (PANEL + GAP);
        int w = WIDTH - LEFT - RIGHT;
        int max = 1;
        double hours = 24;
        for (SimulationResult r : results) {
            for (int v : series.apply(r)) max = Math.max(max, v);
            hours = r.steps() * r.intervalSeconds() / 3600.0;
        }
        max = niceCeiling(max);
        b.append(text(LEFT, top - 8, 13, "start", title));
        b.append("<rect x=\"").append(LEFT).append("\" y=\"").append(top).append("\" width=\"").append(w).append("\" height=\"").append(PANEL)
                .append("\" fill=\"none\" stroke=\"#999\"/>\n");
        for (int t = 0; t <= 4; t++) {
            int y = top + PANEL - PANEL * t / 4;
            b.append("<line x1=\"").append(LEFT).append("\" y1=\"").append(y).append("\" x2=\"").append(LEFT + w).append("\" y2=\"").append(y)
                    .append("\" stroke=\"#eee\"/>\n");
            b.append(text(LEFT - 6, y + 4, 11, "end", Integer.toString(max * t / 4)));
        }
        int step = hours > 12 ? 3 : 1;
        for (int h = 0; h <= hours; h += step) {
            double x = LEFT + w * h / hours;
            b.append(text((int) x, top + PANEL + 16, 11, "middle", h + " h"));
        }
        for (int i = 0; i < results.size(); i++) {
            SimulationResult r = results.get(i);
            int[] v = series.apply(r);
            StringBuilder pts = new StringBuilder();
            for (int k = 0; k < v.length; k++) {
                double x = LEFT + w * (k * r.intervalSeconds() / 3600.0) / hours;
                double y = top + PANEL - (double) PANEL * v[k] / max;
                if (k > 0) pts.append(' ');
                pts.append(String.format(Locale.ROOT, "%.1f,%.1f", x, y));
            }
            b.append("<polyline fill=\"none\" stroke=\"").append(colour(i)).append("\" stroke-width=\"1.5\" points=\"").append(pts).append("\"/>\n");
        }
    }

    private static int niceCeiling(int v) {
        int magnitude = 1;
        while (magnitude * 10 <= v) magnitude *= 10;
        for (int m : new int[]{1, 2, 4, 5, 10}) if (m * magnitude >= v) return Math.max(4, m * magnitude);
        return v;
    }

    private static String colour(int i) {
        return COLOURS[i % COLOURS.length];
    }

    private static String text(int x, int y, int size, String anchor, String s) {
        return "<text x=\"" + x + "\" y=\"" + y + "\" font-size=\"" + size + "\" text-anchor=\"" + anchor + "\">" + esc(s) + "</text>\n";
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
