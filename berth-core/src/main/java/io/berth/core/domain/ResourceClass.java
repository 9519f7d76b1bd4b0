package io.berth.core.domain;

/**
 * Names of the standard resource classes a host inventories and an image demands.
 * Any other string is a custom class (a GPU model, a licence seat, ...): the core treats all alike.
 */
public final class ResourceClass {
    public static final String VCPU = "VCPU";
    public static final String MEMORY_MB = "MEMORY_MB";
    public static final String DISK_GB = "DISK_GB";

    private ResourceClass() {}

    /** Upper-case letters, digits and underscores, like Placement's resource classes. */
    public static boolean isValidName(String name) {
        return name != null && name.matches("[A-Z][A-Z0-9_]{0,63}");
    }
}
