package io.berth.rm.vsphere.soap;

import java.util.Objects;

/** A managed object reference: the object's type ("HostSystem") and its id ("host-21"), as vim25 names objects. */
public record MoRef(String type, String value) {
    public MoRef {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(value, "value");
    }

    @Override
    public String toString() {
        return type + ":" + value;
    }
}
