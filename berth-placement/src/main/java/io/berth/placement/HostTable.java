package io.berth.placement;

import io.berth.core.domain.HostState;
import io.berth.core.domain.Image;
import io.berth.core.domain.Inventory;
import io.berth.core.domain.ResourceClass;
import io.berth.core.resource.CandidateHost;
import io.berth.core.resource.PlacementRequest;
import io.berth.metrics.HostLoad;

import java.util.List;
import java.util.Map;

/**
 * The candidate hosts of one decision, column by column: filters and scorers run as tight loops over primitive
 * arrays (placement must stay fast at tens of thousands of hosts). Built once per decision from the calendar's
 * view ({@link CandidateHost}) and, when the policy uses it, live load.
 *
 * <p>Resource columns exist for the classes the image demands, in the order of {@link #demandClasses}.
 * {@code capacity} includes overcommit; {@code physical} is total minus reserved (what an overcommit limit of
 * 1.0 allows); {@code used} is the peak already held over the window.
 */
public final class HostTable {
    public final int size;
    public final CandidateHost[] hosts;
    public final long[] hostId;
    public final HostState[] state;

    public final String[] demandClasses;
    public final long[] demand;
    /** [class][host] */
    public final long[][] capacity;
    public final long[][] physical;
    public final long[][] used;
    public final boolean[][] inventoried;

    /** Live load; null when the table was built without a load view. */
    public final HostLoad[] load;
    public final double[] effectiveCpu;
    public final double[] projectedCpu;
    public final double[] memoryFraction;
    public final boolean[] loadExcluded;
    /** The CPU fraction of each host the new instance is expected to use (VCPU × expected utilisation / host VCPUs). */
    public final double[] addedCpu;
    /** The memory fraction of each host the new instance takes. */
    public final double[] addedMemory;

    /** Members of the request's placement group already on each host. */
    public final int[] groupMembers;

    /**
     * The calendar's verdict per host, evaluated once when the table is built because it depends only on the
     * request and the calendar (not on policy or load): 0 fits, else the first of the two rules it breaks.
     * Keeps the per-decision pass to a byte per host instead of every resource column.
     */
    public final byte[] calendarVerdict;
    public static final byte FITS = 0;
    public static final byte MINIMUMS_VIOLATED = 1;
    public static final byte CAPACITY_VIOLATED = 2;

    private HostTable(PlacementRequest request, List<CandidateHost> candidates, LoadView loads, double vmUtilisation) {
        this.size = candidates.size();
        this.hosts = candidates.toArray(CandidateHost[]::new);
        this.hostId = new long[size];
        this.state = new HostState[size];
        Image image = request.image();
        // A table per decision, a handful of classes: a plain sort, not a stream.
        this.demandClasses = image.minimum().amounts().keySet().toArray(new String[0]);
        java.util.Arrays.sort(demandClasses);
        this.demand = new long[demandClasses.length];
        for (int c = 0; c < demandClasses.length; c++) demand[c] = image.minimum().get(demandClasses[c]);
        this.capacity = new long[demandClasses.length][size];
        this.physical = new long[demandClasses.length][size];
        this.used = new long[demandClasses.length][size];
        this.inventoried = new boolean[demandClasses.length][size];
        this.groupMembers = new int[size];
        this.addedCpu = new double[size];
        this.addedMemory = new double[size];
        long vcpus = image.minimum().get(ResourceClass.VCPU);
        long memory = image.minimum().get(ResourceClass.MEMORY_MB);
        long[] hostMemoryMb = new long[size];
        boolean grouped = !request.groupMembersByHost().isEmpty();
        // Each row is filled by a small method: the constructor runs a few thousand times per simulation, interpreted
        // until compiled (and again after a deoptimisation), while the row methods, called per host, compile early.
        for (int i = 0; i < size; i++) hostMemoryMb[i] = fillRow(i, request, vcpus, memory, grouped, vmUtilisation);
        this.calendarVerdict = new byte[size];
        for (int i = 0; i < size; i++) calendarVerdict[i] = verdict(i);
        if (loads == null) {
            this.load = null;
            this.effectiveCpu = this.projectedCpu = this.memoryFraction = null;
            this.loadExcluded = null;
        } else {
            this.load = new HostLoad[size];
            this.effectiveCpu = new double[size];
            this.projectedCpu = new double[size];
            this.memoryFraction = new double[size];
            this.loadExcluded = new boolean[size];
            for (int i = 0; i < size; i++) fillLoad(i, loads.load(hostId[i]), hostMemoryMb[i]);
        }
    }

    /** Row i's host, resource and group columns; returns the host's memory (total − reserved) in MB. */
    private long fillRow(int i, PlacementRequest request, long vcpus, long memory, boolean grouped, double vmUtilisation) {
        CandidateHost c = hosts[i];
        hostId[i] = c.host().id();
        state[i] = c.host().state();
        // One pass over the host's inventories (a resource class appears at most once per host).
        long hostVcpus = 0, hostMemory = 0;
        for (Inventory inv : c.host().inventories()) {
            String rc = inv.resourceClass();
            if (rc.equals(ResourceClass.VCPU)) hostVcpus = inv.total() - inv.reserved();
            else if (rc.equals(ResourceClass.MEMORY_MB)) hostMemory = inv.total() - inv.reserved();
            for (int k = 0; k < demandClasses.length; k++) {
                if (!rc.equals(demandClasses[k])) continue;
                inventoried[k][i] = true;
                capacity[k][i] = inv.capacity();
                physical[k][i] = inv.total() - inv.reserved();
            }
        }
        for (int k = 0; k < demandClasses.length; k++) used[k][i] = c.used().get(demandClasses[k]);
        groupMembers[i] = grouped ? request.groupMembersOn(hostId[i]) : 0;
        addedCpu[i] = hostVcpus > 0 ? vcpus * vmUtilisation / hostVcpus : 0;
        addedMemory[i] = hostMemory > 0 ? (double) memory / hostMemory : 0;
        return hostMemory;
    }

    private byte verdict(int i) {
        return io.berth.placement.filter.ImageMinimumsFilter.violated(this, i) ? MINIMUMS_VIOLATED
                : io.berth.placement.filter.CapacityFilter.violated(this, i) ? CAPACITY_VIOLATED : FITS;
    }

    private void fillLoad(int i, HostLoad l, long hostMemoryMb) {
        load[i] = l;
        effectiveCpu[i] = l.effectiveCpu();
        projectedCpu[i] = l.projectedCpu();
        double mem = l.samples() == 0 ? 0 : Math.max(l.memoryEwma(), l.memoryFraction());
        // Pending memory as a fraction of the host's (not scaled through this image's demand, which may be 0).
        double pending = hostMemoryMb > 0 ? l.pendingMemoryMb() / hostMemoryMb : 0;
        memoryFraction[i] = (Double.isNaN(mem) ? 0 : mem) + pending;
        loadExcluded[i] = l.excludedFromPlacement();
    }

    /**
     * @param loads          live load, or null for policies that ignore it
     * @param vmUtilisation  the share of its VCPUs a new instance is expected to use (for projected load)
     */
    public static HostTable of(PlacementRequest request, List<CandidateHost> candidates, LoadView loads, double vmUtilisation) {
        return new HostTable(request, candidates, loads, vmUtilisation);
    }

    /** Derived once per request and kept, so repeated decisions on this table stream only compact columns. */
    private volatile CompactTable compact;

    /**
     * The compact columns of this table for {@code request} (the one it was built for), derived at the first decision.
     * Whoever writes to this table's columns afterwards must call {@link #columnsChanged()}.
     */
    public CompactTable compact(PlacementRequest request) {
        CompactTable c = compact;
        if (c == null || c.request != request) compact = c = CompactTable.of(this, request);
        return c;
    }

    /** Forgets derived columns after a column was written to. */
    public void columnsChanged() {
        compact = null;
    }

    public boolean hasLoad() {
        return load != null;
    }

    /** Index of a demanded resource class, or -1. */
    public int classIndex(String resourceClass) {
        for (int k = 0; k < demandClasses.length; k++) if (demandClasses[k].equals(resourceClass)) return k;
        return -1;
    }

    /** Metric values recorded in explanations for host {@code i}. */
    public Map<String, Double> metrics(int i) {
        if (load == null) return Map.of();
        HostLoad l = load[i];
        // Built as the explanation keeps it, so the explanation does not copy it.
        var m = io.berth.core.resource.OrderedMap.<Double>builder(8);
        if (l.samples() > 0) {
            m.put("cpu", l.cpu());
            m.put("cpuEwma", l.cpuEwma());
            m.put("cpuP95", l.cpuP95());
            m.put("cpuForecast", l.cpuForecast());
            m.put("memory", l.memoryFraction());
        }
        m.put("pendingCpu", l.pendingCpu());
        if (Double.isFinite(effectiveCpu[i])) m.put("effectiveCpu", effectiveCpu[i]);
        if (Double.isFinite(projectedCpu[i])) m.put("projectedCpu", projectedCpu[i]);
        return m.build();
    }

    public Double metricsAge(int i) {
        if (load == null) return null;
        double age = load[i].ageSeconds();
        return Double.isInfinite(age) ? null : age;
    }
}
