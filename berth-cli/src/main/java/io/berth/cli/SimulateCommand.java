package io.berth.cli;

import io.berth.simulation.Datacenter;
import io.berth.simulation.Experiment;
import io.berth.simulation.Simulation;
import io.berth.simulation.SimulationPolicy;
import io.berth.simulation.SimulationResult;
import io.berth.simulation.Workload;
import io.berth.simulation.report.JsonReport;
import io.berth.simulation.report.ProgressBar;
import io.berth.simulation.report.SvgChart;
import io.berth.simulation.report.TerminalReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code berth simulate}: replays a day of PlanetLab traces on a simulated datacenter through Berth's own placement,
 * load model and rebalancer, in virtual time, and compares policies on energy, SLA violations and migrations.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Replay a day of PlanetLab VM traces on a simulated datacenter through Berth's placement and rebalancer, "
                + "and compare policies: energy, SLATAH, PDM, SLAV, ESV, migrations, host shutdowns.",
                "Default datacenter: Beloglazov & Buyya's standard experiment (800 HP ProLiant G4/G5 hosts, 4 VM types, 300 s, one day)."},
        footer = {"", "Presets: dvfs (no migration), thr-mmt, iqr-mmt, mad-mmt, lr-mmt, lrr-mmt (the reference policies), berth (Berth's own).",
                "Example:  berth simulate --trace ../shared/data/planetlab/20110303 --policy lr-mmt --policy berth"})
public final class SimulateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--trace", paramLabel = "FOLDER", description = "A day of PlanetLab traces: a folder with one file per VM "
            + "(288 CPU percentages each), or planetlab-sample for the 20 traces bundled with Berth")
    String trace;

    @Option(names = "--policy", paramLabel = "NAME|FILE", description = "A preset or a policy file (repeat to compare; "
            + "default: every preset)")
    List<String> policies = new ArrayList<>();

    @Option(names = "--datacenter", paramLabel = "FILE", description = "A datacenter description (default: the standard experiment)")
    Path datacenterFile;

    @Option(names = "--hosts", description = "Override the number of hosts")
    Integer hosts;

    @Option(names = "--vms", description = "Replay only the first N traces")
    Integer vms;

    @Option(names = "--hours", description = "Simulate this many hours (default: the datacenter's duration, one day)")
    Double hours;

    @Option(names = "--seed", description = "Seed for the policies' random choices (default ${DEFAULT-VALUE})", defaultValue = "42")
    long seed;

    @Option(names = "--shuffle-traces", description = "Pair traces with VMs in an order drawn from the seed, not name order")
    boolean shuffle;

    @Option(names = "--plugins", paramLabel = "DIR", description = "Load placement plug-in jars from this folder")
    Path pluginsDir;

    @Option(names = "--out", paramLabel = "DIR", description = "Where results.json and chart.svg go (default ${DEFAULT-VALUE})",
            defaultValue = "simulation")
    Path out;

    @Option(names = "--no-progress", description = "No progress bar on stderr")
    boolean noProgress;

    @Option(names = "--list-policies", description = "List the presets and their settings, and exit")
    boolean listPolicies;

    @Override
    public Integer call() {
        System.setProperty("logback.configurationFile", "logback-simulate.xml");
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        if (listPolicies) {
            for (Map.Entry<String, SimulationPolicy> e : SimulationPolicy.presets().entrySet()) {
                stdout.println(e.getKey() + ": " + e.getValue().description());
                e.getValue().describe().forEach((k, v) -> stdout.println("    " + k + " = " + v));
            }
            stdout.flush();
            return 0;
        }
        Experiment experiment;
        List<SimulationPolicy> chosen = new ArrayList<>();
        try {
            if (trace == null) throw new IllegalArgumentException("--trace is required: a folder of PlanetLab traces (one file per VM), "
                    + "or planetlab-sample");
            Datacenter dc = datacenterFile == null ? Datacenter.standard() : Datacenter.read(datacenterFile);
            if (hosts != null) dc = dc.withHosts(hosts);
            if (hours != null) dc = dc.withDuration(Duration.ofSeconds(Math.round(hours * 3600)));
            Workload workload = Workload.resolve(trace);
            if (vms != null) workload = workload.first(vms);
            if (shuffle) workload = workload.shuffled(seed);
            for (String p : policies.isEmpty() ? SimulationPolicy.PRESETS : policies) chosen.add(SimulationPolicy.resolve(p));
            experiment = new Experiment(dc, workload, seed);
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            stderr.println("berth simulate: " + e.getMessage());
            stderr.flush();
            return 2;
        }
        stderr.println("Simulating " + experiment.workload().vms().size() + " VMs on " + experiment.datacenter().hostCount() + " hosts, "
                + experiment.datacenter().steps() + " intervals of " + experiment.datacenter().interval().toSeconds() + " s, "
                + chosen.size() + " polic" + (chosen.size() == 1 ? "y" : "ies") + "...");
        stderr.flush();
        List<SimulationResult> results;
        try {
            Simulation.Progress progress = noProgress || !interactive() ? Simulation.Progress.NONE : new ProgressBar(System.err);
            results = experiment.run(chosen, new Simulation.Options(seed, pluginsDir, progress));
        } catch (IllegalArgumentException e) {
            stderr.println("berth simulate: " + e.getMessage());
            stderr.flush();
            return 2;
        }
        stdout.print(TerminalReport.table(results));
        Path json = out.resolve("results.json"), chart = out.resolve("chart.svg");
        try {
            JsonReport.write(json, experiment, results, true);
            SvgChart.write(chart, experiment, results);
        } catch (java.io.UncheckedIOException e) {
            stdout.flush();
            stderr.println("berth simulate: " + e.getMessage() + " (" + e.getCause().getMessage() + ")");
            stderr.flush();
            return 1;
        }
        stdout.println();
        stdout.println("Results: " + json + "   chart: " + chart);
        stdout.flush();
        return 0;
    }

    /** A progress bar only on a terminal: redirected to a file it would be a wall of carriage returns. */
    private static boolean interactive() {
        java.io.Console console = System.console();
        if (console == null) return false;
        try {
            // Console.isTerminal() exists from JDK 22 on, where System.console() is not null when redirected.
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }
}
