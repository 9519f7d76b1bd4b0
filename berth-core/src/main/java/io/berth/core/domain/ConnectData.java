package io.berth.core.domain;

import java.util.List;

/** What a user needs to reach a ready reservation. The password is one-time: made for this reservation only. */
public record ConnectData(String address, List<Endpoint> endpoints, String user, String password) {

    public ConnectData {
        endpoints = List.copyOf(endpoints);
    }

    public record Endpoint(String method, String protocol, int port) {}
}
