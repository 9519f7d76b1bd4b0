package io.berth.simulation.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.berth.simulation.Experiment;
import io.berth.simulation.SimulationResult;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The results as JSON: the experiment, then per policy its settings, the figures and the series over the day. With
 * {@code timings}, wall-clock times and where the run happened are included too; without them the same inputs and seed
 * always give the same bytes.
 */
public final class JsonReport {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonReport() {}

    public static String render(Experiment experiment, List<SimulationResult> results, boolean timings) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("experiment", experiment.describe());
        List<Object> list = new ArrayList<>();
        for (SimulationResult r : results) list.add(result(r, timings));
        root.put("results", list);
        if (timings) root.put("run", Experiment.runEnvironment());
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void write(Path file, Experiment experiment, List<SimulationResult> results, boolean timings) {
        try {
            if (file.getParent() != null) Files.createDirectories(file.getParent());
            Files.writeString(file, render(experiment, results, timings));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static Map<String, Object> result(SimulationResult r, boolean timings) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("policy", r.policy());
        m.put("description", r.description());
        m.put("settings", r.settings());
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("energyKwh", r.energyKwh());
        figures.put("migrations", r.migrations());
        figures.put("slatah", r.slatah());
        figures.put("pdm", r.pdm());
        figures.put("slav", r.slav());
        figures.put("esv", r.esv());
        figures.put("shutdowns", r.shutdowns());
        figures.put("directMoves", r.directMoves());
        figures.put("meanActiveHosts", r.meanActiveHosts());
        figures.put("maxActiveHosts", r.maxActiveHosts());
        figures.put("unplacedVms", r.unplacedVms());
        figures.put("peakMemoryShare", r.peakMemoryShare());
        m.put("metrics", figures);
        Map<String, Object> series = new LinkedHashMap<>();
        double[] hours = new double[r.steps()];
        for (int k = 0; k < hours.length; k++) hours[k] = k * r.intervalSeconds() / 3600.0;
        series.put("hour", hours);
        series.put("activeHosts", r.activeHosts());
        series.put("overloadedHosts", r.overloadedHosts());
        series.put("migrations", r.migrationsPerStep());
        series.put("energyKwh", r.energyKwhPerStep());
        m.put("series", series);
        if (timings) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("wallSeconds", r.wallSeconds());
            t.put("planningSeconds", r.planningSeconds());
            m.put("timing", t);
        }
        return m;
    }
}
