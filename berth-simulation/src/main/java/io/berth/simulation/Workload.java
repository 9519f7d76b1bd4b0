package io.berth.simulation;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * The VMs of one run and their CPU traces, in the PlanetLab/CoMon format: a folder per day, a file per VM, one
 * integer percentage per line and per 5-minute interval. Files are taken in name order, so the same folder always
 * gives the same pairing of traces with VMs (CloudSim takes the file system's order, which is not sorted).
 *
 * @param source where the traces come from (a folder, or the bundled sample)
 */
public record Workload(String source, List<VmTrace> vms) {
    /** The classpath location of the 20 PlanetLab traces bundled with Berth's simulated resource manager. */
    public static final String BUNDLED_SAMPLE = "planetlab-sample";

    /** One VM's trace: CPU in use as a fraction of the VM's speed, one value per interval. */
    public record VmTrace(String name, double[] cpu) {
        public VmTrace {
            if (cpu.length == 0) throw new IllegalArgumentException("trace " + name + " is empty");
        }

        /** The value of interval {@code step}; past the end the last value holds. */
        public double at(int step) {
            return cpu[Math.min(step, cpu.length - 1)];
        }
    }

    public Workload {
        vms = List.copyOf(vms);
        if (vms.isEmpty()) throw new IllegalArgumentException("no VM traces in " + source);
    }

    /** {@code planetlab-sample} for the bundled sample, else a day folder. */
    public static Workload resolve(String where) {
        return where.equals(BUNDLED_SAMPLE) ? bundledSample() : planetLab(Path.of(where));
    }

    /** Every regular, non-hidden file of the folder, in name order. */
    public static Workload planetLab(Path folder) {
        List<Path> files;
        try (Stream<Path> s = Files.list(folder)) {
            files = s.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().startsWith(".")).sorted().toList();
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("trace folder " + folder + " does not exist");
        } catch (NotDirectoryException e) {
            throw new IllegalArgumentException(folder + " is not a folder (give the folder of one day, one file per VM)");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list trace folder " + folder, e);
        }
        if (files.isEmpty()) throw new IllegalArgumentException("trace folder " + folder + " has no files");
        List<VmTrace> out = new ArrayList<>(files.size());
        for (Path f : files) {
            try {
                out.add(parse(f.getFileName().toString(), Files.readAllLines(f, StandardCharsets.ISO_8859_1)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read trace " + f, e);
            }
        }
        return new Workload(folder.toString(), out);
    }

    /** The 20 traces bundled with berth-rm-sim ({@code /traces/planetlab-sample/}), if that module is on the classpath. */
    public static Workload bundledSample() {
        String dir = "/traces/" + BUNDLED_SAMPLE + "/";
        try (InputStream index = Workload.class.getResourceAsStream(dir + "index.txt")) {
            if (index == null) throw new IllegalArgumentException("the bundled trace sample is not on the classpath (it ships in berth-rm-sim)");
            List<VmTrace> out = new ArrayList<>();
            for (String name : new BufferedReader(new InputStreamReader(index, StandardCharsets.UTF_8)).lines().map(String::trim).toList()) {
                if (name.isEmpty()) continue;
                try (InputStream in = Workload.class.getResourceAsStream(dir + name)) {
                    if (in == null) throw new IllegalArgumentException("bundled trace " + name + " is missing");
                    out.add(parse(name, new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList()));
                }
            }
            return new Workload(BUNDLED_SAMPLE, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static VmTrace parse(String name, List<String> lines) {
        double[] v = new double[lines.size()];
        int n = 0;
        for (String line : lines) {
            String s = line.trim();
            if (s.isEmpty()) continue;
            try {
                v[n++] = Math.max(0, Math.min(100, Double.parseDouble(s))) / 100.0;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("trace " + name + " is not in PlanetLab format (a percentage per line): '" + s + "'");
            }
        }
        return new VmTrace(name, java.util.Arrays.copyOf(v, n));
    }

    /** The first {@code n} VMs. */
    public Workload first(int n) {
        return n >= vms.size() ? this : new Workload(source, vms.subList(0, n));
    }

    /**
     * The same traces in a random order (a seed gives one order): CloudSim pairs files with VMs in the file system's
     * order, so runs on another machine see another pairing. Runs over several seeds show how much that moves results.
     */
    public Workload shuffled(long seed) {
        List<VmTrace> copy = new ArrayList<>(vms);
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = copy.size() - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            VmTrace t = copy.get(i);
            copy.set(i, copy.get(j));
            copy.set(j, t);
        }
        return new Workload(source + " (shuffled, seed " + seed + ")", copy);
    }
}
