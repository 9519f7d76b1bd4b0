package io.berth.simulation;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One experiment: a datacenter, a workload and a seed, on which any number of policies run the same way.
 *
 * @param seed seeds the policies' random choices; runs with the same inputs and seed give the same results
 */
public record Experiment(Datacenter datacenter, Workload workload, long seed) {

    /** Runs each policy in turn, on fresh state, and returns their results in the same order. */
    public List<SimulationResult> run(List<SimulationPolicy> policies, Simulation.Options options) {
        List<SimulationResult> out = new ArrayList<>();
        Simulation.Options o = new Simulation.Options(seed, options.pluginsDir(), options.progress());
        for (SimulationPolicy p : policies) out.add(Simulation.run(datacenter, workload, p, o));
        return out;
    }

    /** What the reports say about the experiment. */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("datacenter", datacenter.name());
        m.put("hosts", datacenter.hostCount());
        List<Map<String, Object>> types = new ArrayList<>();
        for (HostType t : datacenter.hostTypes()) {
            Map<String, Object> h = new LinkedHashMap<>();
            h.put("name", t.name());
            h.put("model", t.model());
            h.put("cores", t.cores());
            h.put("mipsPerCore", t.mipsPerCore());
            h.put("ramMb", t.ramMb());
            h.put("powerWatts", t.power().watts());
            types.add(h);
        }
        m.put("hostTypes", types);
        List<Map<String, Object>> vmTypes = new ArrayList<>();
        for (VmType t : datacenter.vmTypes()) {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("name", t.name());
            v.put("mips", t.mips());
            v.put("cores", t.cores());
            v.put("ramMb", t.ramMb());
            vmTypes.add(v);
        }
        m.put("vmTypes", vmTypes);
        m.put("trace", workload.source());
        m.put("vms", workload.vms().size());
        m.put("intervalSeconds", datacenter.interval().toSeconds());
        m.put("steps", datacenter.steps());
        m.put("migrationBandwidthShare", datacenter.migrationShare());
        m.put("migrationCpuLoss", datacenter.migrationCpuLoss());
        m.put("copyCountsOnTarget", datacenter.copyCountsOnTarget());
        m.put("memoryWhileRunning", datacenter.memoryWhileRunning());
        m.put("seed", seed);
        return m;
    }

    /** Where and when a run happened (not part of the results: it differs between identical runs). */
    public static Map<String, Object> runEnvironment() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("date", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        m.put("cpus", Runtime.getRuntime().availableProcessors());
        m.put("maxHeapMb", Runtime.getRuntime().maxMemory() / (1024 * 1024));
        m.put("jvmArguments", ManagementFactory.getRuntimeMXBean().getInputArguments());
        return m;
    }
}
