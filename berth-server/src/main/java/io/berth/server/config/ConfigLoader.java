package io.berth.server.config;

import io.berth.core.reservation.LifecycleSettings;
import io.berth.rm.sim.SimSettings;

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
            "berth.demo.seed", "berth.log.format");

    private final Properties values = new Properties();

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
        return this;
    }

    public ConfigLoader overrides(Map<String, String> overrides) {
        overrides.forEach((k, v) -> put(k, v, "command line"));
        return this;
    }

    public static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private void put(String key, String value, String source) {
        if (!KEYS.contains(key)) {
            throw new ConfigException("unknown configuration key '" + key + "' in " + source + "; known keys: " + new TreeSet<>(KEYS));
        }
        values.setProperty(key, value.trim());
    }

    public BerthConfig load() {
        LifecycleSettings d = LifecycleSettings.defaults();
        SimSettings sim = SimSettings.realistic();
        return new BerthConfig(
                new BerthConfig.Http(string("berth.http.host", "0.0.0.0"), integer("berth.http.port", 8080, 0, 65535)),
                new BerthConfig.Database(string("berth.db.url", null), string("berth.db.user", ""), string("berth.db.password", ""),
                        integer("berth.db.pool-size", 10, 1, 200)),
                Path.of(string("berth.data-dir", "data")),
                new BerthConfig.Sim(bool("berth.sim.enabled", true), new SimSettings(
                        duration("berth.sim.boot-time", sim.bootTime()), duration("berth.sim.boot-jitter", sim.bootJitter()),
                        decimal("berth.sim.failure-probability", 0.0), longValue("berth.sim.seed", sim.seed()))),
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
