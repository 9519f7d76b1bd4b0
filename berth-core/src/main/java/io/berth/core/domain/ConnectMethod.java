package io.berth.core.domain;

/** How a user reaches a running image, e.g. ("ssh", "ssh", 22) or ("desktop", "rdp", 3389). */
public record ConnectMethod(String name, String protocol, int port) {
    public ConnectMethod {
        if (port < 1 || port > 65535) throw new IllegalArgumentException("port must be 1-65535");
    }
}
