package io.berth.rm.vsphere.soap;

/** A vSphere task ended in error; {@code faultName} is the vim25 fault it reported. */
public final class TaskFailed extends VimException {
    private final MoRef task;
    private final String faultName;

    public TaskFailed(MoRef task, String what, String faultName, String serverMessage) {
        super(what + " failed: " + faultName + (serverMessage == null || serverMessage.isBlank() ? "" : ": " + serverMessage), null);
        this.task = task;
        this.faultName = faultName;
    }

    public MoRef task() {
        return task;
    }

    @Override
    public String faultName() {
        return faultName;
    }

    public boolean is(String name) {
        return faultName.equals(name);
    }

    @Override
    public boolean isTransient() {
        return TRANSIENT_FAULTS.contains(faultName);
    }
}
