package io.berth.rm.vsphere.soap;

import java.util.Objects;

/** Who Berth logs in to vSphere as. The password never shows in {@link #toString()}. */
public record Credentials(String user, Secret password) {
    public Credentials {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
    }
}
