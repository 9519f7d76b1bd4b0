package io.berth.rm.vsphere.soap;

import java.util.Optional;

/** The endpoint answered with a SOAP fault: {@code faultName} is the vim25 fault type (InvalidLogin, DuplicateName...). */
public final class SoapFault extends VimException {
    private final String method;
    private final String faultName;
    private final transient XmlNode detail;

    public SoapFault(String method, String faultName, String serverMessage, XmlNode detail) {
        super(method + " failed: " + faultName + (serverMessage == null || serverMessage.isBlank() ? "" : ": " + serverMessage), null);
        this.method = method;
        this.faultName = faultName;
        this.detail = detail;
    }

    public String method() {
        return method;
    }

    @Override
    public String faultName() {
        return faultName;
    }

    /** The fault's own fields (e.g. a ManagedObjectNotFound's obj), if the server sent them. */
    public Optional<XmlNode> detail() {
        return Optional.ofNullable(detail);
    }

    public boolean is(String name) {
        return faultName.equals(name);
    }

    @Override
    public boolean isTransient() {
        return TRANSIENT_FAULTS.contains(faultName);
    }
}
