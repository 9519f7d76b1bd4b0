package io.berth.rm.vsphere.soap;

import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a SOAP response into {@link XmlNode}s with StAX. Hardened: no DTDs and no external entities, so a hostile
 * endpoint cannot make Berth read local files or expand entity bombs.
 */
public final class XmlParser {
    static final String XSI = XMLConstants.W3C_XML_SCHEMA_INSTANCE_NS_URI;
    private static final XMLInputFactory FACTORY = hardenedFactory();

    private XmlParser() {}

    private static XMLInputFactory hardenedFactory() {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        f.setProperty(XMLInputFactory.IS_COALESCING, true);
        return f;
    }

    /** The document's root element. */
    public static XmlNode parse(InputStream in) throws XMLStreamException {
        XMLStreamReader r = FACTORY.createXMLStreamReader(in);
        try {
            Deque<Building> open = new ArrayDeque<>();
            XmlNode root = null;
            while (r.hasNext()) {
                switch (r.next()) {
                    case XMLStreamConstants.START_ELEMENT -> open.push(start(r));
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA -> {
                        if (!open.isEmpty()) open.peek().text.append(r.getText());
                    }
                    case XMLStreamConstants.END_ELEMENT -> {
                        XmlNode done = open.pop().build();
                        if (open.isEmpty()) root = done;
                        else open.peek().children.add(done);
                    }
                    default -> { }
                }
            }
            if (root == null) throw new XMLStreamException("the response has no element");
            return root;
        } finally {
            r.close();
        }
    }

    private static Building start(XMLStreamReader r) {
        Building b = new Building(r.getLocalName());
        for (int i = 0; i < r.getAttributeCount(); i++) {
            String ns = r.getAttributeNamespace(i);
            if (XSI.equals(ns) && "type".equals(r.getAttributeLocalName(i))) {
                String type = r.getAttributeValue(i);
                b.xsiType = type.substring(type.indexOf(':') + 1); // "xsd:string" -> "string"
            } else if (ns == null || ns.isEmpty()) {
                b.attributes.put(r.getAttributeLocalName(i), r.getAttributeValue(i));
            }
        }
        return b;
    }

    private static final class Building {
        final String name;
        String xsiType;
        final Map<String, String> attributes = new HashMap<>();
        final StringBuilder text = new StringBuilder();
        final List<XmlNode> children = new ArrayList<>();

        Building(String name) {
            this.name = name;
        }

        XmlNode build() {
            return new XmlNode(name, xsiType, attributes, text.toString().strip(), children);
        }
    }
}
