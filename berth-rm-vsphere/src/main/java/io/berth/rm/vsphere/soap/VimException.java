package io.berth.rm.vsphere.soap;

import java.util.Set;

/** A vSphere call did not give an answer. The subclasses say why; none of their messages carries a credential. */
public abstract sealed class VimException extends Exception
        permits SoapFault, EndpointUnavailable, UntrustedEndpoint, TaskFailed, TaskTimedOut {

    /** vim25 faults that say "busy right now" rather than "wrong": trying again later can succeed. */
    static final Set<String> TRANSIENT_FAULTS = Set.of("TaskInProgress", "ConcurrentAccess", "HostCommunication",
            "HostNotConnected", "HostNotReachable", "Timedout", "RequestCanceled", "ResourceInUse", "SystemError");

    VimException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Whether the same call could succeed if made again a little later. */
    public abstract boolean isTransient();

    /** The vim25 fault the server reported (InvalidLogin, DuplicateName...), or "" when it reported none. */
    public String faultName() {
        return "";
    }
}
