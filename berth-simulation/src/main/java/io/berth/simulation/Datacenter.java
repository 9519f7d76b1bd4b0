package io.berth.simulation;

import io.berth.placement.power.PowerCurve;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The simulated datacenter and experiment: hosts (how many, of which models, in which order), VM types (and how
 * the trace files map onto them), the scheduling interval, the length of the run and the migration model. Read
 * from a small properties file; {@link #standard()} is Beloglazov &amp; Buyya's experiment, the default.
 *
 * @param hostLayout         "alternate" (host i gets type i mod k) or "blocks" (k contiguous blocks)
 * @param vmLayout           the same for VMs (the standard experiment uses blocks: VM i gets type i / ceil(n / k))
 * @param migrationShare     the share of the hosts' link a migration uses: it takes RAM / (share × bandwidth)
 * @param migrationCpuLoss   the share of its CPU demand a VM loses while it migrates
 * @param copyCountsOnTarget while a VM is copied, its target already counts its demand but gives it only the
 *                           {@code migrationCpuLoss} share, so the target is short of CPU for the copy (how CloudSim
 *                           accounts a migration); else the VM
 *                           counts on its target once it arrives
 * @param memoryWhileRunning the share of its memory a VM holds on its host once it runs (1: all of it, as on a real
 *                           hypervisor; the reference simulations use 0: CloudSim's PlanetLab examples give VMs a null
 *                           memory utilisation model, so memory counts only when a VM is created)
 */
public record Datacenter(String name, int hostCount, List<HostType> hostTypes, String hostLayout, List<VmType> vmTypes,
                         String vmLayout, Duration interval, Duration duration, double migrationShare, double migrationCpuLoss,
                         boolean copyCountsOnTarget, double memoryWhileRunning) {

    private static final Set<String> LAYOUTS = Set.of("alternate", "blocks");

    public Datacenter {
        hostTypes = List.copyOf(hostTypes);
        vmTypes = List.copyOf(vmTypes);
        if (hostCount < 1) throw new IllegalArgumentException("hosts must be at least 1");
        if (hostTypes.isEmpty() || vmTypes.isEmpty()) throw new IllegalArgumentException("a datacenter needs host types and VM types");
        if (!LAYOUTS.contains(hostLayout) || !LAYOUTS.contains(vmLayout)) throw new IllegalArgumentException("a layout is alternate or blocks");
        if (interval.toSeconds() < 1 || duration.compareTo(interval) < 0) throw new IllegalArgumentException("need interval >= 1 s and duration >= interval");
        if (!(migrationShare > 0 && migrationShare <= 1)) throw new IllegalArgumentException("migration.bandwidth-share is in (0, 1]");
        if (!(migrationCpuLoss >= 0 && migrationCpuLoss <= 1)) throw new IllegalArgumentException("migration.cpu-loss is in [0, 1]");
        if (!(memoryWhileRunning >= 0 && memoryWhileRunning <= 1)) throw new IllegalArgumentException("vm-memory-while-running is in [0, 1]");
    }

    /** Beloglazov &amp; Buyya's standard experiment, shipped as {@code standard.properties}. */
    public static Datacenter standard() {
        try (InputStream in = Datacenter.class.getResourceAsStream("standard.properties")) {
            if (in == null) throw new IllegalStateException("standard.properties is missing from the simulation module");
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Datacenter read(Path file) {
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read datacenter file " + file, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    public static Datacenter parse(String text) {
        Properties p = new Properties();
        try (Reader r = new StringReader(text)) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Set<String> known = new TreeSet<>();
        List<HostType> hosts = new ArrayList<>();
        for (String t : list(p, "host-types", known)) {
            String k = "host." + t + ".";
            hosts.add(new HostType(t, text(p, k + "model", t, known), (int) number(p, k + "cores", known),
                    (int) number(p, k + "mips-per-core", known), (long) number(p, k + "ram-mb", known),
                    number(p, k + "bandwidth-mbps", known), new PowerCurve(numbers(p, k + "power-watts", known))));
        }
        List<VmType> vms = new ArrayList<>();
        for (String t : list(p, "vm-types", known)) {
            String k = "vm." + t + ".";
            vms.add(new VmType(t, (int) number(p, k + "mips", known), (int) optional(p, k + "cores", 1, known),
                    (long) number(p, k + "ram-mb", known), optional(p, k + "bandwidth-mbps", 100, known)));
        }
        Datacenter d = new Datacenter(text(p, "name", "datacenter", known), (int) number(p, "hosts", known), hosts,
                text(p, "host-layout", "alternate", known), vms, text(p, "vm-layout", "blocks", known),
                duration(text(p, "interval", "300s", known)), duration(text(p, "duration", "24h", known)),
                optional(p, "migration.bandwidth-share", 0.5, known), optional(p, "migration.cpu-loss", 0.1, known),
                Boolean.parseBoolean(text(p, "migration.counts-on-target-during-copy", "false", known)),
                optional(p, "vm-memory-while-running", 1.0, known));
        for (String key : p.stringPropertyNames()) {
            if (!known.contains(key)) throw new IllegalArgumentException("unknown key '" + key + "' in the datacenter file");
        }
        return d;
    }

    /** The type of host index i (0-based). */
    public HostType hostType(int i) {
        return hostTypes.get(layout(hostLayout, i, hostCount, hostTypes.size()));
    }

    /** The type of VM index i of n. */
    public VmType vmType(int i, int n) {
        return vmTypes.get(layout(vmLayout, i, n, vmTypes.size()));
    }

    private static int layout(String layout, int i, int n, int k) {
        return layout.equals("alternate") ? i % k : Math.min(k - 1, i / (int) Math.ceil((double) n / k));
    }

    /** Scheduling steps in the run. */
    public int steps() {
        return (int) (duration.toSeconds() / interval.toSeconds());
    }

    /** Seconds a migration of {@code ramMb} takes between two hosts (over the slower link). */
    public double migrationSeconds(long ramMb, HostType from, HostType to) {
        double mbps = Math.min(from.bandwidthMbps(), to.bandwidthMbps()) * migrationShare;
        return ramMb * 8.0 / mbps;
    }

    /** A copy with another host count (a smaller datacenter for a sample of the traces). */
    public Datacenter withHosts(int count) {
        return new Datacenter(name, count, hostTypes, hostLayout, vmTypes, vmLayout, interval, duration, migrationShare, migrationCpuLoss, copyCountsOnTarget, memoryWhileRunning);
    }

    /** A copy where running VMs hold this share of their memory. */
    public Datacenter withMemoryWhileRunning(double share) {
        return new Datacenter(name, hostCount, hostTypes, hostLayout, vmTypes, vmLayout, interval, duration, migrationShare, migrationCpuLoss, copyCountsOnTarget, share);
    }

    /** A copy that runs for another length of time. */
    public Datacenter withDuration(Duration d) {
        return new Datacenter(name, hostCount, hostTypes, hostLayout, vmTypes, vmLayout, interval, d, migrationShare, migrationCpuLoss, copyCountsOnTarget, memoryWhileRunning);
    }

    private static String text(Properties p, String key, String fallback, Set<String> known) {
        known.add(key);
        String v = p.getProperty(key);
        return v == null ? fallback : v.trim();
    }

    private static List<String> list(Properties p, String key, Set<String> known) {
        String v = text(p, key, null, known);
        if (v == null || v.isBlank()) throw new IllegalArgumentException(key + " is missing");
        return Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static double number(Properties p, String key, Set<String> known) {
        String v = text(p, key, null, known);
        if (v == null) throw new IllegalArgumentException(key + " is missing");
        return parseNumber(key, v);
    }

    private static double optional(Properties p, String key, double fallback, Set<String> known) {
        String v = text(p, key, null, known);
        return v == null ? fallback : parseNumber(key, v);
    }

    private static double parseNumber(String key, String v) {
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number, not '" + v + "'");
        }
    }

    private static double[] numbers(Properties p, String key, Set<String> known) {
        List<String> items = list(p, key, known);
        double[] out = new double[items.size()];
        for (int i = 0; i < out.length; i++) out[i] = parseNumber(key, items.get(i));
        return out;
    }

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    /** 500ms, 300s, 5m, 24h, 1d, or ISO-8601 (PT5M). */
    public static Duration duration(String v) {
        Matcher m = DURATION.matcher(v.trim());
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
        try {
            return Duration.parse(v.trim());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("a duration is like 300s, 5m, 24h or PT5M, not '" + v + "'");
        }
    }
}
