package io.berth.rm.vsphere.soap;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Where and how to reach vSphere.
 *
 * @param url            the SDK endpoint, e.g. https://vcenter.lab.internal/sdk
 * @param connectTimeout longest wait for a connection
 * @param callTimeout    longest wait for any one call's whole answer (tasks are waited for separately)
 */
public record VimEndpoint(URI url, TrustSettings trust, Credentials credentials, Duration connectTimeout, Duration callTimeout) {
    /** The vim25 API level Berth speaks; every vSphere since 6.5 serves it, and newer fields are ignored anyway. */
    public static final String API_VERSION = "6.5";

    public VimEndpoint {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(trust, "trust");
        Objects.requireNonNull(credentials, "credentials");
        if (!"https".equals(url.getScheme()) && !"http".equals(url.getScheme())) {
            throw new IllegalArgumentException("the vSphere URL must be https://host/sdk, not " + url);
        }
    }
}
