package io.berth.rm.vsphere.soap;

import java.util.Optional;

/** Wraps a vim25 method call in a SOAP 1.1 envelope, and finds the answer or the fault in a response envelope. */
public final class Envelope {
    public static final String VIM25 = "urn:vim25";

    private Envelope() {}

    /** The request document for one method call, e.g. {@code <RetrievePropertiesEx xmlns="urn:vim25">...}. */
    public static String write(XmlElement call) {
        StringBuilder out = new StringBuilder(512);
        out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
                .append("<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\"")
                .append(" xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\"")
                .append(" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">")
                .append("<soapenv:Body>");
        call.attr("xmlns", VIM25).writeTo(out);
        out.append("</soapenv:Body></soapenv:Envelope>");
        return out.toString();
    }

    /** The body's first element: the method's response (e.g. RetrievePropertiesExResponse) or a Fault. */
    public static Optional<XmlNode> bodyContent(XmlNode envelope) {
        return envelope.child("Body").flatMap(b -> b.children().stream().findFirst());
    }

    /**
     * Reads a SOAP fault: the vim25 fault's name (from the detail's xsi:type, else its element name without the
     * "Fault" suffix) and the server's message.
     */
    public static SoapFault fault(XmlNode fault, String method) {
        String message = fault.text("faultstring").orElse("");
        String name = fault.child("detail").flatMap(d -> d.children().stream().findFirst())
                .map(d -> d.xsiType() != null ? d.xsiType() : d.name().endsWith("Fault") ? d.name().substring(0, d.name().length() - 5) : d.name())
                .orElse(fault.text("faultcode").map(c -> c.substring(c.indexOf(':') + 1)).orElse("UnknownFault"));
        XmlNode detail = fault.child("detail").flatMap(d -> d.children().stream().findFirst()).orElse(null);
        return new SoapFault(method, name, message, detail);
    }
}
