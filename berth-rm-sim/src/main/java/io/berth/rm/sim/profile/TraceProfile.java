package io.berth.rm.sim.profile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Replays a recorded CPU trace in the PlanetLab/CoMon format (one integer percent per line, one line per
 * 5-minute interval), step by step from {@code origin}, wrapping around at the end.
 */
public record TraceProfile(String name, double[] samples, Duration step, Instant origin) implements UtilisationProfile {

    public static final Duration PLANETLAB_STEP = Duration.ofMinutes(5);

    public TraceProfile {
        if (samples.length == 0) throw new IllegalArgumentException("trace " + name + " has no samples");
    }

    @Override
    public double at(Instant t) {
        long index = Math.floorDiv(t.toEpochMilli() - origin.toEpochMilli(), step.toMillis());
        return samples[(int) Math.floorMod(index, samples.length)];
    }

    /** Reads a PlanetLab file: integer percentages, one per line; blank lines ignored. */
    public static TraceProfile planetLab(Path file, Instant origin) {
        try {
            List<String> lines = Files.readAllLines(file);
            double[] v = lines.stream().map(String::trim).filter(l -> !l.isEmpty())
                    .mapToDouble(l -> Math.max(0, Math.min(100, Double.parseDouble(l))) / 100.0).toArray();
            return new TraceProfile(file.getFileName().toString(), v, PLANETLAB_STEP, origin);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read trace " + file, e);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("trace " + file + " is not in PlanetLab format (integer percent per line): " + e.getMessage());
        }
    }

    public static TraceProfile planetLab(String name, List<String> lines, Instant origin) {
        double[] v = lines.stream().map(String::trim).filter(l -> !l.isEmpty())
                .mapToDouble(l -> Math.max(0, Math.min(100, Double.parseDouble(l))) / 100.0).toArray();
        return new TraceProfile(name, v, PLANETLAB_STEP, origin);
    }
}
