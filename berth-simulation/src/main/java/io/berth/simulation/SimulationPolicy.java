package io.berth.simulation;

import io.berth.placement.rebalance.OverloadDetector;
import io.berth.placement.rebalance.RebalanceSettings;
import io.berth.placement.rebalance.VmSelection;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a run evaluates: the pool's placement policy (any policy Berth knows: built-in, {@code pipeline}, {@code http},
 * a plug-in's, or the simulator's {@code first-fit}) with its settings, and the rebalancer's settings (or none: no
 * migration at all). Written as a properties file; the presets ship in {@code policies/} (see {@link #presets()}).
 *
 * <pre>
 * description = ...
 * placement = pipeline
 * placement.scorers = power:1           # any key of the policy's settings, prefixed with "placement."
 * rebalance = on                        # or off
 * rebalance.detector = lr:1.2           # berth.rebalance.* keys, as in the server's configuration
 * rebalance.hold = 5m
 * rebalance.target-scorers = power:1    # how targets are ranked (scorers and weights, as the pipeline policy's)
 * rebalance.relief-order = decreasing  # or by-host
 * rebalance.consolidation = on
 * load.ewma-alpha = 1                   # the load model's smoothing
 * </pre>
 *
 * @param targetScorers how the rebalancer ranks targets: {@code name:weight,...} from the pipeline parts
 * @param ewmaAlpha     the load model's EWMA smoothing (1: the latest sample, as the paper's simulations read load)
 */
public record SimulationPolicy(String name, String description, String placement, Map<String, String> placementSettings,
                               RebalanceSettings rebalance, String targetScorers, double ewmaAlpha) {

    /** The presets, in the order a comparison lists them. */
    public static final List<String> PRESETS = List.of("dvfs", "thr-mmt", "iqr-mmt", "mad-mmt", "lr-mmt", "lrr-mmt", "berth");

    public SimulationPolicy {
        placementSettings = Map.copyOf(placementSettings);
    }

    public boolean migrates() {
        return rebalance != null;
    }

    /** Every preset, by name, in {@link #PRESETS} order. */
    public static Map<String, SimulationPolicy> presets() {
        Map<String, SimulationPolicy> out = new LinkedHashMap<>();
        for (String n : PRESETS) out.put(n, preset(n));
        return out;
    }

    public static SimulationPolicy preset(String name) {
        try (InputStream in = SimulationPolicy.class.getResourceAsStream("policies/" + name + ".properties")) {
            if (in == null) throw new IllegalArgumentException("unknown policy '" + name + "'; presets: " + PRESETS + ", or a policy file");
            return parse(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A preset name, or a path to a policy file (its name is the file name without ".properties"). */
    public static SimulationPolicy resolve(String nameOrFile) {
        if (PRESETS.contains(nameOrFile)) return preset(nameOrFile);
        Path p = Path.of(nameOrFile);
        if (Files.isRegularFile(p)) {
            try {
                String file = p.getFileName().toString();
                return parse(file.endsWith(".properties") ? file.substring(0, file.length() - 11) : file, Files.readString(p));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read policy file " + p, e);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(p + ": " + e.getMessage(), e);
            }
        }
        throw new IllegalArgumentException("unknown policy '" + nameOrFile + "': neither a preset " + PRESETS + " nor a policy file");
    }

    public static SimulationPolicy parse(String name, String text) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Set<String> known = new TreeSet<>();
        Map<String, String> placementSettings = new TreeMap<>();
        for (String key : p.stringPropertyNames()) {
            if (key.startsWith("placement.")) {
                placementSettings.put(key.substring(10), p.getProperty(key).trim());
                known.add(key);
            }
        }
        String placement = get(p, "placement", "round-robin", known);
        String description = get(p, "description", "", known);
        boolean rebalances = flag(p, "rebalance", false, known);
        double alpha = number(p, "load.ewma-alpha", 0.3, known);
        String targetScorers = get(p, "rebalance.target-scorers", "forecast-headroom:0.6,balance:0.4", known);
        RebalanceSettings r = rebalances ? rebalance(p, known) : null;
        for (String key : p.stringPropertyNames()) {
            if (!known.contains(key)) {
                if (!rebalances && key.startsWith("rebalance.")) continue; // settings of a rebalancer that is off
                throw new IllegalArgumentException("unknown key '" + key + "' in policy " + name);
            }
        }
        return new SimulationPolicy(name, description, placement, placementSettings, r, targetScorers, alpha);
    }

    private static RebalanceSettings rebalance(Properties p, Set<String> known) {
        RebalanceSettings d = RebalanceSettings.defaults();
        OverloadDetector detector = OverloadDetector.parse(get(p, "rebalance.detector", d.detector().spec(), known));
        Duration interval = Duration.ofSeconds(300); // replaced by the datacenter's interval when the run starts
        String caps = get(p, "rebalance.max-moves", "5", known);
        String perHost = get(p, "rebalance.max-moves-per-host", "2", known);
        RebalanceSettings.Consolidation consolidation = RebalanceSettings.Consolidation.OFF;
        if (flag(p, "rebalance.consolidation", false, known)) {
            consolidation = new RebalanceSettings.Consolidation(true, number(p, "rebalance.consolidation.underload", 1.0, known),
                    flag(p, "rebalance.consolidation.forecast", false, known),
                    count(get(p, "rebalance.consolidation.max-hosts", "unlimited", known), "rebalance.consolidation.max-hosts"));
        }
        String load = get(p, "rebalance.target-load", "projected", known).toUpperCase(Locale.ROOT);
        return new RebalanceSettings(detector, Datacenter.duration(get(p, "rebalance.hold", "0s", known)),
                number(p, "rebalance.min-improvement", d.minImprovement(), known), count(caps, "rebalance.max-moves"),
                count(perHost, "rebalance.max-moves-per-host"), Datacenter.duration(get(p, "rebalance.cooldown", "0s", known)),
                VmSelection.valueOf(get(p, "rebalance.vm-selection", "mmt", known).toUpperCase(Locale.ROOT)),
                number(p, "rebalance.target-ceiling", d.targetCeiling(), known), interval,
                RebalanceSettings.TargetLoad.valueOf(load), flag(p, "rebalance.target-not-overloaded", false, known), consolidation,
                RebalanceSettings.ReliefOrder.valueOf(get(p, "rebalance.relief-order", "by-host", known).toUpperCase(Locale.ROOT).replace('-', '_')));
    }

    /** The same policy with the rebalancer's sample interval set to the datacenter's. */
    public SimulationPolicy forInterval(Duration interval) {
        if (rebalance == null) return this;
        RebalanceSettings r = rebalance;
        return new SimulationPolicy(name, description, placement, placementSettings,
                new RebalanceSettings(r.detector(), r.hold().compareTo(interval) < 0 ? interval : r.hold(), r.minImprovement(),
                        r.maxMovesPerCycle(), r.maxMovesPerHost(), r.cooldown(), r.vmSelection(), r.targetCeiling(), interval,
                        r.targetLoad(), r.targetNotOverloaded(), r.consolidation(), r.reliefOrder()),
                targetScorers, ewmaAlpha);
    }

    /** The policy's settings as written, for reports. */
    public Map<String, String> describe() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("placement", placement);
        placementSettings.forEach((k, v) -> m.put("placement." + k, v));
        m.put("rebalance", migrates() ? "on" : "off");
        if (migrates()) {
            RebalanceSettings r = rebalance;
            m.put("rebalance.detector", r.detector().spec());
            m.put("rebalance.hold", r.hold().toSeconds() + "s");
            m.put("rebalance.min-improvement", Double.toString(r.minImprovement()));
            m.put("rebalance.max-moves", r.maxMovesPerCycle() == Integer.MAX_VALUE ? "unlimited" : Integer.toString(r.maxMovesPerCycle()));
            m.put("rebalance.max-moves-per-host", r.maxMovesPerHost() == Integer.MAX_VALUE ? "unlimited" : Integer.toString(r.maxMovesPerHost()));
            m.put("rebalance.cooldown", r.cooldown().toSeconds() + "s");
            m.put("rebalance.vm-selection", r.vmSelection().name().toLowerCase(Locale.ROOT));
            m.put("rebalance.target-ceiling", Double.toString(r.targetCeiling()));
            m.put("rebalance.target-load", r.targetLoad().name().toLowerCase(Locale.ROOT));
            m.put("rebalance.target-not-overloaded", Boolean.toString(r.targetNotOverloaded()));
            m.put("rebalance.target-scorers", targetScorers);
            m.put("rebalance.relief-order", r.reliefOrder().name().toLowerCase(Locale.ROOT).replace('_', '-'));
            RebalanceSettings.Consolidation c = r.consolidation();
            m.put("rebalance.consolidation", c.enabled() ? "on" : "off");
            if (c.enabled()) {
                m.put("rebalance.consolidation.underload", Double.toString(c.underload()));
                m.put("rebalance.consolidation.forecast", Boolean.toString(c.useForecast()));
                m.put("rebalance.consolidation.max-hosts", c.maxHostsPerCycle() == Integer.MAX_VALUE ? "unlimited" : Integer.toString(c.maxHostsPerCycle()));
            }
        }
        m.put("load.ewma-alpha", Double.toString(ewmaAlpha));
        return m;
    }

    private static String get(Properties p, String key, String fallback, Set<String> known) {
        known.add(key);
        String v = p.getProperty(key);
        return v == null ? fallback : v.trim();
    }

    private static double number(Properties p, String key, double fallback, Set<String> known) {
        String v = get(p, key, null, known);
        if (v == null) return fallback;
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number, not '" + v + "'");
        }
    }

    private static boolean flag(Properties p, String key, boolean fallback, Set<String> known) {
        String v = get(p, key, null, known);
        if (v == null) return fallback;
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "on", "true", "yes" -> true;
            case "off", "false", "no" -> false;
            default -> throw new IllegalArgumentException(key + " is on or off, not '" + v + "'");
        };
    }

    private static int count(String v, String key) {
        if (v.equals("unlimited")) return Integer.MAX_VALUE;
        try {
            int n = Integer.parseInt(v);
            if (n < 1) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " is a whole number >= 1 or 'unlimited', not '" + v + "'");
        }
    }
}
