package io.berth.rm.vsphere.soap;

/** The endpoint's TLS certificate is neither signed by a trusted CA nor the pinned one: nothing was sent to it. */
public final class UntrustedEndpoint extends VimException {
    public UntrustedEndpoint(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public boolean isTransient() {
        return false;
    }
}
