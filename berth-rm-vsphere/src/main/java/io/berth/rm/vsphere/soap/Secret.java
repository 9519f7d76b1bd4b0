package io.berth.rm.vsphere.soap;

import java.util.Arrays;

/** A password. It prints as stars, so it cannot reach a log line or an error message by accident. */
public final class Secret {
    private final char[] value;

    public Secret(char[] value) {
        this.value = value.clone();
    }

    public static Secret of(String value) {
        return new Secret(value.toCharArray());
    }

    /** The password itself, for the one place that sends it (the Login call). */
    String reveal() {
        return new String(value);
    }

    public boolean isEmpty() {
        return value.length == 0;
    }

    @Override
    public String toString() {
        return "****";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret s && Arrays.equals(value, s.value);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(value);
    }
}
