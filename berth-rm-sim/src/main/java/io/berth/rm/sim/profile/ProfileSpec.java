package io.berth.rm.sim.profile;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Parses how simulated VMs behave, as written in configuration:
 * <ul>
 *   <li>{@code constant:0.9}</li>
 *   <li>{@code synthetic} or {@code synthetic:base=0.3,amplitude=0.2,period=1h,noise=0.05} (each VM gets its own phase and noise)</li>
 *   <li>{@code trace:planetlab-sample} (the sample shipped with Berth) or {@code trace:/path/to/day-folder}: every VM
 *       replays one file of the folder, picked by its reservation id</li>
 * </ul>
 */
public final class ProfileSpec {
    private static final String BUNDLED = "planetlab-sample";
    private final String spec;
    private final List<TraceProfile> traces;

    private ProfileSpec(String spec, List<TraceProfile> traces) {
        this.spec = spec;
        this.traces = traces;
    }

    public static ProfileSpec parse(String spec) {
        if (spec.startsWith("constant:")) {
            new ConstantProfile(number(spec, spec.substring(9)));
            return new ProfileSpec(spec, List.of());
        }
        if (spec.equals("synthetic") || spec.startsWith("synthetic:")) {
            syntheticParameters(spec);
            return new ProfileSpec(spec, List.of());
        }
        if (spec.startsWith("trace:")) {
            String where = spec.substring(6);
            List<TraceProfile> traces = where.equals(BUNDLED) ? bundled() : folder(Path.of(where));
            if (traces.isEmpty()) throw new IllegalArgumentException("no trace files in " + where);
            return new ProfileSpec(spec, traces);
        }
        throw new IllegalArgumentException("a VM profile is constant:<0..1>, synthetic[:base=..,amplitude=..,period=..,noise=..] or trace:<folder>, not '" + spec + "'");
    }

    /** The profile of one VM (its reservation id seeds phase, noise or the choice of trace file). */
    public UtilisationProfile forVm(long reservationId, Instant origin) {
        if (spec.startsWith("constant:")) return new ConstantProfile(number(spec, spec.substring(9)));
        if (!traces.isEmpty()) {
            TraceProfile t = traces.get((int) Math.floorMod(reservationId, traces.size()));
            return new TraceProfile(t.name(), t.samples(), t.step(), origin);
        }
        Map<String, String> p = syntheticParameters(spec);
        double phase = (reservationId * 2.399963229728653) % (2 * Math.PI); // golden angle: phases spread evenly
        return new SyntheticProfile(Double.parseDouble(p.get("base")), Double.parseDouble(p.get("amplitude")),
                parseDuration(p.get("period")), Double.parseDouble(p.get("noise")), phase, reservationId);
    }

    @Override
    public String toString() {
        return spec;
    }

    private static Map<String, String> syntheticParameters(String spec) {
        Map<String, String> p = new LinkedHashMap<>(Map.of("base", "0.35", "amplitude", "0.25", "period", "1h", "noise", "0.1"));
        if (spec.startsWith("synthetic:")) {
            for (String kv : spec.substring(10).split(",")) {
                String[] pair = kv.split("=", 2);
                if (pair.length != 2 || !p.containsKey(pair[0].trim())) {
                    throw new IllegalArgumentException("synthetic profile takes base, amplitude, period, noise; not '" + kv + "'");
                }
                p.put(pair[0].trim(), pair[1].trim());
            }
        }
        for (String k : List.of("base", "amplitude", "noise")) number(spec, p.get(k));
        parseDuration(p.get("period"));
        return p;
    }

    private static double number(String spec, String v) {
        try {
            double d = Double.parseDouble(v);
            if (!(d >= 0 && d <= 1)) throw new IllegalArgumentException("values in profile '" + spec + "' must be in [0, 1]");
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + v + "' in profile '" + spec + "' is not a number");
        }
    }

    private static Duration parseDuration(String v) {
        var m = java.util.regex.Pattern.compile("(\\d+)(s|m|h)").matcher(v);
        if (!m.matches()) throw new IllegalArgumentException("a period is like 90s, 30m or 2h, not '" + v + "'");
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
        if (d.isZero()) throw new IllegalArgumentException("a period must be positive");
        return d;
    }

    private static List<TraceProfile> folder(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).sorted()
                    .map(f -> TraceProfile.planetLab(f, Instant.EPOCH)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list trace folder " + dir, e);
        }
    }

    /** The small PlanetLab sample bundled in this module (see resources/traces/planetlab-sample/README). */
    private static List<TraceProfile> bundled() {
        List<TraceProfile> out = new ArrayList<>();
        try (InputStream index = ProfileSpec.class.getResourceAsStream("/traces/planetlab-sample/index.txt")) {
            if (index == null) throw new IllegalStateException("bundled traces missing");
            for (String name : new BufferedReader(new InputStreamReader(index, StandardCharsets.UTF_8)).lines().toList()) {
                if (name.isBlank()) continue;
                try (InputStream in = ProfileSpec.class.getResourceAsStream("/traces/planetlab-sample/" + name.trim())) {
                    out.add(TraceProfile.planetLab(name.trim(),
                            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList(), Instant.EPOCH));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
