package io.berth.rm.vsphere.soap;

import java.time.Duration;

/** A vSphere task did not finish in time; it may still be running (a cancel was asked for). */
public final class TaskTimedOut extends VimException {
    private final MoRef task;

    public TaskTimedOut(MoRef task, String what, Duration timeout) {
        super(what + " did not finish within " + timeout.toSeconds() + " s (task " + task.value() + ")", null);
        this.task = task;
    }

    public MoRef task() {
        return task;
    }

    @Override
    public boolean isTransient() {
        return true;
    }
}
