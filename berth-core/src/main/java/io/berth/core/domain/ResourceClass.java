package io.berth.core.domain;

/**
 * Names of the standard resource classes a host inventories and an image demands.
 * Any other string is a custom class (a GPU model, a licence seat, ...): the core treats all alike.
 */
public final class ResourceClass {
    public static final String VCPU = "VCPU";
    public static final String MEMORY_MB = "MEMORY_MB";
    public static final String DISK_GB = "DISK_GB";

    /** Compiled once: resource amounts are checked on every allocation read and written. */
    private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[A-Z][A-Z0-9_]{0,63}");

    private ResourceClass() {}

    /** Upper-case letters, digits and underscores, like Placement's resource classes. */
    public static boolean isValidName(String name) {
        return name != null && NAME.matcher(name).matches();
    }
}
