package io.berth.rm.vsphere.soap;

/** No usable answer came: the endpoint is down, unreachable, too slow (timedOut), or answered something not SOAP. */
public final class EndpointUnavailable extends VimException {
    private final boolean timedOut;

    public EndpointUnavailable(String endpoint, String reason, boolean timedOut, Throwable cause) {
        super("vSphere endpoint " + endpoint + " " + (timedOut ? "did not answer in time" : "is unavailable") + ": " + reason, cause);
        this.timedOut = timedOut;
    }

    public boolean timedOut() {
        return timedOut;
    }

    @Override
    public boolean isTransient() {
        return true;
    }
}
