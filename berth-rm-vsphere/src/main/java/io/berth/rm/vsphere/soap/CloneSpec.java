package io.berth.rm.vsphere.soap;

import java.util.Map;
import java.util.Objects;

/**
 * Where a clone goes and what changes from its template.
 *
 * @param pool        the resource pool it joins (required for a template)
 * @param host        the ESX host it is created on
 * @param datastore   where its files go, or null for the template's
 * @param cpus        virtual CPUs, or null to keep the template's
 * @param memoryMb    memory, or null to keep the template's
 * @param annotation  the VM's notes in vCenter (Berth writes what it is for)
 * @param extraConfig advanced settings, e.g. guestinfo.* keys the guest can read through VMware Tools
 */
public record CloneSpec(MoRef pool, MoRef host, MoRef datastore, Integer cpus, Long memoryMb, String annotation,
                        Map<String, String> extraConfig) {
    public CloneSpec {
        Objects.requireNonNull(pool, "pool");
        extraConfig = extraConfig == null ? Map.of() : Map.copyOf(extraConfig);
    }

    /** VirtualMachineCloneSpec, fields in schema order. */
    XmlElement toXml() {
        XmlElement location = XmlElement.of("location").addRef("datastore", datastore).addRef("pool", pool).addRef("host", host);
        XmlElement config = XmlElement.of("config").add("annotation", annotation).add("numCPUs", cpus).add("memoryMB", memoryMb);
        new java.util.TreeMap<>(extraConfig).forEach((k, v) -> config.add(XmlElement.of("extraConfig")
                .add("key", k).add(XmlElement.of("value", v).xsiType("xsd:string"))));
        return XmlElement.of("spec").add(location).add("template", false).add(config).add("powerOn", false);
    }
}
