package io.berth.rm.vsphere.soap;

/**
 * A small, tolerant vim25 client over one session: properties, tasks, performance counters and VM operations.
 * Thread-safe; close it to log out.
 */
public final class VimClient implements AutoCloseable {
    private final VimSession session;
    private final PropertyReader properties;
    private final TaskWaiter tasks;
    private final PerformanceReader performance;
    private final VirtualMachines vms;

    public VimClient(VimEndpoint endpoint) {
        this.session = new VimSession(endpoint);
        this.properties = new PropertyReader(session);
        this.tasks = new TaskWaiter(session, properties);
        this.performance = new PerformanceReader(session, properties);
        this.vms = new VirtualMachines(session, tasks);
    }

    public VimSession session() { return session; }
    public PropertyReader properties() { return properties; }
    public TaskWaiter tasks() { return tasks; }
    public PerformanceReader performance() { return performance; }
    public VirtualMachines vms() { return vms; }

    @Override
    public void close() {
        session.close();
    }
}
