package io.berth.rm.vsphere.soap;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An element of a request, built in the order vim25's schema lists the fields (vCenter reads them in that order).
 * Text and attribute values are escaped when written, so names and passwords cannot break the document.
 */
public final class XmlElement {
    private final String name;
    private final Map<String, String> attributes = new LinkedHashMap<>();
    private final List<XmlElement> children = new ArrayList<>();
    private String text;

    private XmlElement(String name) {
        this.name = name;
    }

    public static XmlElement of(String name) {
        return new XmlElement(name);
    }

    /** A leaf element with text. */
    public static XmlElement of(String name, Object text) {
        return new XmlElement(name).text(String.valueOf(text));
    }

    /** A managed object reference field: {@code <name type="HostSystem">host-21</name>}. */
    public static XmlElement ref(String name, MoRef ref) {
        return new XmlElement(name).attr("type", ref.type()).text(ref.value());
    }

    public XmlElement text(String value) {
        this.text = value;
        return this;
    }

    public XmlElement attr(String attribute, String value) {
        attributes.put(attribute, value);
        return this;
    }

    /** Names the derived type of a polymorphic field, e.g. a TraversalSpec in a selectSet. */
    public XmlElement xsiType(String type) {
        return attr("xsi:type", type);
    }

    public XmlElement add(XmlElement child) {
        children.add(child);
        return this;
    }

    /** Adds a leaf child; a null value adds nothing (an optional field left out). */
    public XmlElement add(String childName, Object value) {
        if (value != null) children.add(of(childName, value));
        return this;
    }

    /** Adds a reference child; a null reference adds nothing. */
    public XmlElement addRef(String childName, MoRef ref) {
        if (ref != null) children.add(ref(childName, ref));
        return this;
    }

    public String name() {
        return name;
    }

    void writeTo(StringBuilder out) {
        out.append('<').append(name);
        attributes.forEach((k, v) -> out.append(' ').append(k).append("=\"").append(escape(v)).append('"'));
        if (text == null && children.isEmpty()) {
            out.append("/>");
            return;
        }
        out.append('>');
        if (text != null) out.append(escape(text));
        for (XmlElement c : children) c.writeTo(out);
        out.append("</").append(name).append('>');
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        writeTo(out);
        return out.toString();
    }

    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> {
                    // Characters XML 1.0 cannot carry at all are dropped rather than sent broken.
                    if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') out.append(c);
                }
            }
        }
        return out.toString();
    }
}
