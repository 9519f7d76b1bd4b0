package io.berth.server.config;

import io.berth.core.rebalance.RebalanceService;
import io.berth.core.reservation.LifecycleSettings;
import io.berth.metrics.LoadMonitorSettings;
import io.berth.metrics.StalePolicy;
import io.berth.placement.rebalance.RebalanceSettings;
import io.berth.placement.rebalance.VmSelection;
import io.berth.rm.sim.SimSettings;
import io.berth.rm.vsphere.VsphereSettings;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads configuration keys like {@code berth.http.port}. The same key can come from a properties file, from the
 * environment as {@code BERTH_HTTP_PORT} (dots and dashes become underscores), or from overrides (the command
 * line); later sources win. Unknown keys are an error, so a typo does not silently fall back to a default.
 * Durations are ISO-8601 ({@code PT5M}) or a number with a unit: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d}.
 */
public final class ConfigLoader {
    public static final Set<String> KEYS = Set.of(
            "berth.http.host", "berth.http.port",
            "berth.data-dir",
            "berth.db.url", "berth.db.user", "berth.db.password", "berth.db.pool-size",
            "berth.sim.enabled", "berth.sim.boot-time", "berth.sim.boot-jitter", "berth.sim.failure-probability", "berth.sim.seed",
            "berth.lifecycle.lead-time", "berth.lifecycle.unused-timeout", "berth.lifecycle.provision-attempts",
            "berth.lifecycle.start-tolerance", "berth.lifecycle.min-duration", "berth.lifecycle.max-advance",
            "berth.lifecycle.default-duration", "berth.lifecycle.sweep-interval",
            "berth.demo.seed", "berth.log.format",
            "berth.sim.sample-interval", "berth.sim.profile", "berth.sim.migration-mbps",
            "berth.load.interval", "berth.load.window", "berth.load.stale-after", "berth.load.stale-policy",
            "berth.load.ewma-alpha", "berth.load.forecast-samples", "berth.load.forecast-horizon",
            "berth.rebalance.interval", "berth.rebalance.horizon", "berth.rebalance.move-timeout",
            "berth.rebalance.detector", "berth.rebalance.hold", "berth.rebalance.min-improvement",
            "berth.rebalance.max-moves", "berth.rebalance.max-moves-per-host", "berth.rebalance.cooldown",
            "berth.rebalance.vm-selection", "berth.rebalance.target-ceiling",
            "berth.plugins.dir",
            "berth.http.tls.keystore", "berth.http.tls.keystore-password",
            "berth.xmlrpc.enabled", "berth.xmlrpc.allow-http", "berth.xmlrpc.affiliation", "berth.xmlrpc.trust-forwarded-proto");

    /** Keys with a free part: {@code berth.sim.profile.<image name>} gives one image its own VM profile. */
    static final String IMAGE_PROFILE_PREFIX = "berth.sim.profile.";

    private final Properties values = new Properties();
    /** The environment, for the one secret read from it directly (the vSphere password). */
    private Map<String, String> env = Map.of();

    public ConfigLoader file(Path file) {
        try (Reader r = Files.newBufferedReader(file)) {
            Properties p = new Properties();
            p.load(r);
            for (String key : p.stringPropertyNames()) put(key, p.getProperty(key), "file " + file);
        } catch (IOException e) {
            throw new ConfigException("cannot read configuration file " + file + ": " + e.getMessage());
        }
        return this;
    }

    public ConfigLoader environment(Map<String, String> env) {
        for (String key : KEYS) {
            String value = env.get(envName(key));
            if (value != null) values.setProperty(key, value);
        }
        for (String key : VsphereSettings.KEYS) {
            String value = env.get(envName(VsphereSettings.PREFIX + key));
            if (value != null) values.setProperty(VsphereSettings.PREFIX + key, value);
        }
        this.env = Map.copyOf(env);
        return this;
    }

    private static boolean known(String key) {
        return KEYS.contains(key) || (key.startsWith(IMAGE_PROFILE_PREFIX) && key.length() > IMAGE_PROFILE_PREFIX.length())
                || key.startsWith(VsphereSettings.PREFIX); // checked one by one by VsphereSettings.parse
    }

    public ConfigLoader overrides(Map<String, String> overrides) {
        overrides.forEach((k, v) -> put(k, v, "command line"));
        return this;
    }

    public static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private void put(String key, String value, String source) {
        if (!known(key)) {
            throw new ConfigException("unknown configuration key '" + key + "' in " + source + "; known keys: " + new TreeSet<>(KEYS));
        }
        values.setProperty(key, value.trim());
    }

    public BerthConfig load() {
        LifecycleSettings d = LifecycleSettings.defaults();
        SimSettings sim = SimSettings.realistic();
        LoadMonitorSettings l = LoadMonitorSettings.defaults();
        Duration interval = duration("berth.load.interval", l.interval());
        LoadMonitorSettings load;
        try {
            load = new LoadMonitorSettings(interval, integer("berth.load.window", l.windowSize(), 2, 10_000),
                integer("berth.load.stale-after", l.staleAfterIntervals(), 1, 1000), decimal("berth.load.ewma-alpha", l.ewmaAlpha()),
                integer("berth.load.forecast-samples", l.forecastSamples(), 2, 10_000),
                integer("berth.load.forecast-horizon", l.forecastHorizonIntervals(), 1, 1000),
                StalePolicy.valueOf(oneOf("berth.load.stale-policy", "exclude", Set.of("exclude", "penalise")).toUpperCase()),
                l.stalePenaltyCpu());
        } catch (IllegalArgumentException e) {
            throw new ConfigException("berth.load.*: " + e.getMessage());
        }
        RebalanceSettings r = RebalanceSettings.defaults();
        RebalanceService.Settings schedule = RebalanceService.Settings.defaults();
        OverloadDetectorSpec.check("berth.rebalance.detector", string("berth.rebalance.detector", r.detector().spec()));
        BerthConfig.Rebalance rebalance;
        try {
            rebalance = new BerthConfig.Rebalance(
                new RebalanceService.Settings(duration("berth.rebalance.interval", schedule.interval()),
                        duration("berth.rebalance.horizon", schedule.horizon()), duration("berth.rebalance.move-timeout", schedule.moveTimeout())),
                new RebalanceSettings(RebalanceSettings.detector(string("berth.rebalance.detector", r.detector().spec())),
                        duration("berth.rebalance.hold", r.hold()), decimal("berth.rebalance.min-improvement", r.minImprovement()),
                        integer("berth.rebalance.max-moves", r.maxMovesPerCycle(), 1, 1000),
                        integer("berth.rebalance.max-moves-per-host", r.maxMovesPerHost(), 1, 1000),
                        duration("berth.rebalance.cooldown", r.cooldown()),
                        VmSelection.valueOf(oneOf("berth.rebalance.vm-selection", "mmt", Set.of("mmt", "mc")).toUpperCase()),
                        decimal("berth.rebalance.target-ceiling", r.targetCeiling()), interval));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("berth.rebalance.*: " + e.getMessage());
        }
        Map<String, String> imageProfiles = new java.util.TreeMap<>();
        for (String key : values.stringPropertyNames()) {
            if (key.startsWith(IMAGE_PROFILE_PREFIX)) imageProfiles.put(key.substring(IMAGE_PROFILE_PREFIX.length()), values.getProperty(key));
        }
        SimSettings simSettings;
        try {
            simSettings = new SimSettings(duration("berth.sim.boot-time", sim.bootTime()), duration("berth.sim.boot-jitter", sim.bootJitter()),
                    decimal("berth.sim.failure-probability", 0.0), longValue("berth.sim.seed", sim.seed()),
                    duration("berth.sim.sample-interval", interval), string("berth.sim.profile", "synthetic"), imageProfiles,
                    decimal("berth.sim.migration-mbps", sim.migrationMbps()));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("berth.sim.*: " + e.getMessage());
        }
        Path dataDir = Path.of(string("berth.data-dir", "data"));
        BerthConfig base = new BerthConfig(
                new BerthConfig.Http(string("berth.http.host", "0.0.0.0"), integer("berth.http.port", 8080, 0, 65535)),
                new BerthConfig.Database(string("berth.db.url", null), string("berth.db.user", ""), string("berth.db.password", ""),
                        integer("berth.db.pool-size", 10, 1, 200)),
                dataDir,
                new BerthConfig.Sim(bool("berth.sim.enabled", true), simSettings),
                new LifecycleSettings(duration("berth.lifecycle.lead-time", d.provisionLeadTime()),
                        duration("berth.lifecycle.unused-timeout", d.unusedTimeout()),
                        integer("berth.lifecycle.provision-attempts", d.provisionAttempts(), 1, 10),
                        duration("berth.lifecycle.start-tolerance", d.startTolerance()),
                        duration("berth.lifecycle.min-duration", d.minDuration()),
                        duration("berth.lifecycle.max-advance", d.maxAdvance()),
                        duration("berth.lifecycle.default-duration", d.defaultDuration()),
                        duration("berth.lifecycle.sweep-interval", d.sweepInterval())),
                bool("berth.demo.seed", true),
                oneOf("berth.log.format", "text", Set.of("text", "json")));
        return base.withSim(new BerthConfig.Sim(base.sim().enabled(), simSettings)).withLoad(load).withRebalance(rebalance)
                .withPluginsDir(Path.of(string("berth.plugins.dir", dataDir.resolve("plugins").toString())))
                .withHttp(new BerthConfig.Http(base.http().host(), base.http().port(), tls()))
                .withXmlRpc(xmlRpc())
                .withVsphere(vsphere());
    }

    /** The vSphere resource manager's settings if any berth.vsphere.* key is set (then berth.vsphere.url is needed). */
    private VsphereSettings vsphere() {
        Map<String, String> keys = new java.util.TreeMap<>();
        for (String key : values.stringPropertyNames()) {
            if (key.startsWith(VsphereSettings.PREFIX)) keys.put(key.substring(VsphereSettings.PREFIX.length()), values.getProperty(key));
        }
        if (keys.isEmpty()) return null;
        try {
            return VsphereSettings.parse(keys, env, ConfigLoader::parseDuration);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    /** HTTPS from a PKCS12 keystore, if one is configured (its password is then required). */
    private BerthConfig.Tls tls() {
        String keystore = string("berth.http.tls.keystore", "");
        if (keystore.isBlank()) return null;
        Path path = Path.of(keystore);
        if (!Files.isReadable(path)) throw new ConfigException("berth.http.tls.keystore: cannot read " + path);
        String password = values.getProperty("berth.http.tls.keystore-password");
        if (password == null) throw new ConfigException("berth.http.tls.keystore-password is required with berth.http.tls.keystore");
        return new BerthConfig.Tls(path, password);
    }

    private BerthConfig.XmlRpc xmlRpc() {
        BerthConfig.XmlRpc d = BerthConfig.XmlRpc.defaults();
        String affiliation = string("berth.xmlrpc.affiliation", d.affiliation());
        if (!affiliation.matches("[A-Za-z0-9][A-Za-z0-9._ -]{0,49}")) {
            throw new ConfigException("berth.xmlrpc.affiliation must be 1-50 letters, digits, spaces, '.', '_' or '-', not '" + affiliation + "'");
        }
        return new BerthConfig.XmlRpc(bool("berth.xmlrpc.enabled", d.enabled()), bool("berth.xmlrpc.allow-http", d.allowHttp()),
                affiliation, bool("berth.xmlrpc.trust-forwarded-proto", d.trustForwardedProto()));
    }

    /** Validates a detector spec early, naming the key. */
    private static final class OverloadDetectorSpec {
        static void check(String key, String spec) {
            try {
                RebalanceSettings.detector(spec);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(key + ": " + e.getMessage());
            }
        }
    }

    private String string(String key, String fallback) {
        return values.getProperty(key, fallback);
    }

    private int integer(String key, int fallback, int min, int max) {
        long v = longValue(key, fallback);
        if (v < min || v > max) throw new ConfigException(key + " must be between " + min + " and " + max + ", not " + v);
        return (int) v;
    }

    private long longValue(String key, long fallback) {
        String v = values.getProperty(key);
        if (v == null) return fallback;
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new ConfigException(key + " must be a whole number, not '" + v + "'");
        }
    }

    private double decimal(String key, double fallback) {
        String v = values.getProperty(key);
        if (v == null) return fallback;
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new ConfigException(key + " must be a number, not '" + v + "'");
        }
    }

    private boolean bool(String key, boolean fallback) {
        String v = values.getProperty(key);
        if (v == null) return fallback;
        if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) return Boolean.parseBoolean(v);
        throw new ConfigException(key + " must be true or false, not '" + v + "'");
    }

    private String oneOf(String key, String fallback, Set<String> allowed) {
        String v = values.getProperty(key, fallback);
        if (!allowed.contains(v)) throw new ConfigException(key + " must be one of " + allowed + ", not '" + v + "'");
        return v;
    }

    private Duration duration(String key, Duration fallback) {
        String v = values.getProperty(key);
        return v == null ? fallback : parseDuration(key, v);
    }

    static Duration parseDuration(String key, String v) {
        try {
            if (v.startsWith("P") || v.startsWith("p")) return Duration.parse(v);
            var m = java.util.regex.Pattern.compile("(\\d+)(ms|s|m|h|d)").matcher(v);
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                return switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
            }
        } catch (DateTimeParseException | NumberFormatException ignored) {
            // falls through to the error below
        }
        throw new ConfigException(key + " must be a duration like 30s, 5m, 2h or PT5M, not '" + v + "'");
    }
}
