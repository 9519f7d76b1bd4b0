package io.berth.rm.vsphere.soap;

import java.time.Duration;
import java.util.Optional;

/**
 * The virtual machine operations Berth needs, each waiting for its task. Operations that find their goal already
 * reached (powering on a running VM, destroying a VM that is gone) succeed, so every one can be repeated safely.
 */
public final class VirtualMachines {
    private final VimSession session;
    private final TaskWaiter tasks;

    public VirtualMachines(VimSession session, TaskWaiter tasks) {
        this.session = session;
        this.tasks = tasks;
    }

    /** Clones {@code source} into {@code folder} under {@code name}; returns the new VM. */
    public MoRef cloneVm(MoRef source, MoRef folder, String name, CloneSpec spec, Duration timeout) throws VimException {
        MoRef task = taskOf(session.call(XmlElement.of("CloneVM_Task")
                .add(XmlElement.ref("_this", source))
                .add(XmlElement.ref("folder", folder))
                .add("name", name)
                .add(spec.toXml())));
        return tasks.await(task, "cloning " + name, timeout).filter(r -> r.attribute("type") != null).map(XmlNode::moRef)
                .orElseThrow(() -> new TaskFailed(task, "cloning " + name, "InvalidResponse", "the clone task returned no VM"));
    }

    /** Powers a VM on, on {@code host} if given (vCenter honours it for a VM of that host's cluster). */
    public void powerOn(MoRef vm, MoRef host, Duration timeout) throws VimException {
        try {
            MoRef task = taskOf(session.call(XmlElement.of("PowerOnVM_Task").add(XmlElement.ref("_this", vm)).addRef("host", host)));
            tasks.await(task, "powering on " + vm.value(), timeout);
        } catch (SoapFault | TaskFailed e) {
            if (!alreadyInState(e)) throw e;
        }
    }

    public void powerOff(MoRef vm, Duration timeout) throws VimException {
        try {
            MoRef task = taskOf(session.call(XmlElement.of("PowerOffVM_Task").add(XmlElement.ref("_this", vm))));
            tasks.await(task, "powering off " + vm.value(), timeout);
        } catch (SoapFault | TaskFailed e) {
            if (!alreadyInState(e) && !gone(e)) throw e;
        }
    }

    /** Deletes a powered-off VM and its files; a VM that no longer exists is fine. */
    public void destroy(MoRef vm, Duration timeout) throws VimException {
        try {
            MoRef task = taskOf(session.call(XmlElement.of("Destroy_Task").add(XmlElement.ref("_this", vm))));
            tasks.await(task, "destroying " + vm.value(), timeout);
        } catch (SoapFault | TaskFailed e) {
            if (!gone(e)) throw e;
        }
    }

    /** Moves a VM to another host (vMotion when it runs, a cold migration when it is off). */
    public void relocate(MoRef vm, MoRef host, MoRef pool, Duration timeout) throws VimException {
        MoRef task = taskOf(session.call(XmlElement.of("RelocateVM_Task")
                .add(XmlElement.ref("_this", vm))
                .add(XmlElement.of("spec").addRef("pool", pool).addRef("host", host))
                .add("priority", "defaultPriority")));
        tasks.await(task, "moving " + vm.value() + " to " + host.value(), timeout);
    }

    /** The direct child of a folder (or datacenter, pool...) with that name. */
    public Optional<MoRef> findChild(MoRef parent, String name) throws VimException {
        return session.read(XmlElement.of("FindChild")
                .add(XmlElement.ref("_this", session.content().searchIndex()))
                .add(XmlElement.ref("entity", parent))
                .add("name", name)).child("returnval").map(XmlNode::moRef);
    }

    /** The folder {@code name} under {@code parent}, made if missing. */
    public MoRef folder(MoRef parent, String name) throws VimException {
        Optional<MoRef> existing = findChild(parent, name);
        if (existing.isPresent()) return existing.get();
        try {
            return session.call(XmlElement.of("CreateFolder").add(XmlElement.ref("_this", parent)).add("name", name))
                    .child("returnval").map(XmlNode::moRef)
                    .orElseThrow(() -> new SoapFault("CreateFolder", "InvalidResponse", "no folder returned", null));
        } catch (SoapFault f) {
            if (!f.is("DuplicateName")) throw f;
            return findChild(parent, name).orElseThrow(() -> f); // made by someone else meanwhile
        }
    }

    private static MoRef taskOf(XmlNode response) throws VimException {
        return response.child("returnval").filter(r -> r.attribute("type") != null).map(XmlNode::moRef)
                .orElseThrow(() -> new SoapFault(response.name(), "InvalidResponse", "no task returned", null));
    }

    private static boolean alreadyInState(VimException e) {
        return e.faultName().equals("InvalidPowerState");
    }

    private static boolean gone(VimException e) {
        return e.faultName().equals("ManagedObjectNotFound");
    }
}
