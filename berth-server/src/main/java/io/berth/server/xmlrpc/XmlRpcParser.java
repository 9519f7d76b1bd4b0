package io.berth.server.xmlrpc;

import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.ByteArrayInputStream;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an XML-RPC {@code <methodCall>} with a streaming parser that never resolves anything: a document with a
 * DTD is refused outright (so no external entity, no entity expansion), values nest at most {@link #MAX_DEPTH}
 * deep, and the caller bounds the body's size before parsing. Anything else wrong is a {@link XmlRpcFault}, never
 * an exception of the parser's own.
 */
public final class XmlRpcParser {
    static final int MAX_DEPTH = 16;
    private static final DateTimeFormatter COMPACT = DateTimeFormatter.ofPattern("yyyyMMdd'T'HH:mm:ss");
    private static final XMLInputFactory FACTORY = hardenedFactory();

    private XmlRpcParser() {}

    private static XMLInputFactory hardenedFactory() {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_COALESCING, true);
        f.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setXMLResolver((publicId, systemId, base, ns) -> {
            throw new XMLStreamException("external resources are not allowed");
        });
        return f;
    }

    public static XmlRpcCall parse(byte[] body) {
        if (body.length == 0) throw XmlRpcFault.malformed("the request body is empty; send an XML-RPC <methodCall>");
        XMLStreamReader r = null;
        try {
            r = FACTORY.createXMLStreamReader(new ByteArrayInputStream(body));
            return new XmlRpcParser.Reading(r).methodCall();
        } catch (XMLStreamException | RuntimeException e) {
            if (e instanceof XmlRpcFault f) throw f;
            throw XmlRpcFault.malformed(oneLine(e.getMessage()));
        } finally {
            if (r != null) {
                try {
                    r.close();
                } catch (XMLStreamException ignored) {
                    // nothing left to release
                }
            }
        }
    }

    private static String oneLine(String message) {
        if (message == null) return "not well-formed XML";
        String text = message.replaceAll("\\s+", " ").strip();
        int detail = text.indexOf("Message: ");
        return detail >= 0 ? text.substring(detail + 9) : text;
    }

    /** One document's recursive descent. */
    private record Reading(XMLStreamReader r) {

        XmlRpcCall methodCall() throws XMLStreamException {
            expectStart("methodCall");
            expectStart("methodName");
            String name = r.getElementText().strip();
            if (name.isEmpty()) throw XmlRpcFault.invalidRequest("the methodName is empty");
            List<Object> params = new ArrayList<>();
            if (nextTag() == XMLStreamConstants.START_ELEMENT) {
                requireName("params");
                while (nextTag() == XMLStreamConstants.START_ELEMENT) {
                    requireName("param");
                    expectStart("value");
                    params.add(value(1));
                    expectEnd("param");
                }
                requireName("params");
                expectEnd("methodCall");
            } else {
                requireName("methodCall");
            }
            // Only whitespace, comments and processing instructions may follow the root.
            while (r.hasNext()) {
                int event = r.next();
                if (event == XMLStreamConstants.START_ELEMENT || (event == XMLStreamConstants.CHARACTERS && !r.isWhiteSpace())) {
                    throw XmlRpcFault.invalidRequest("content after </methodCall>");
                }
            }
            return new XmlRpcCall(name, params);
        }

        /** Reads a value whose {@code <value>} start tag was just read, through its end tag. */
        Object value(int depth) throws XMLStreamException {
            if (depth > MAX_DEPTH) throw XmlRpcFault.invalidRequest("values nest deeper than " + MAX_DEPTH);
            StringBuilder text = new StringBuilder();
            Object typed = null;
            boolean hasTyped = false;
            while (true) {
                int event = next();
                switch (event) {
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> text.append(r.getText());
                    case XMLStreamConstants.START_ELEMENT -> {
                        if (hasTyped) throw XmlRpcFault.invalidRequest("a <value> holds more than one value");
                        typed = typed(r.getLocalName(), depth);
                        hasTyped = true;
                    }
                    case XMLStreamConstants.END_ELEMENT -> {
                        requireName("value");
                        if (!hasTyped) return text.toString(); // untyped: a string, as the spec says
                        if (!text.toString().isBlank()) throw XmlRpcFault.invalidRequest("text next to a typed value");
                        return typed;
                    }
                    default -> { }
                }
            }
        }

        private Object typed(String type, int depth) throws XMLStreamException {
            return switch (type) {
                case "i4", "int" -> number(type, () -> Integer.parseInt(r.getElementText().strip()));
                case "i8" -> number(type, () -> Long.parseLong(r.getElementText().strip()));
                case "boolean" -> switch (r.getElementText().strip()) {
                    case "1", "true" -> Boolean.TRUE;
                    case "0", "false" -> Boolean.FALSE;
                    default -> throw XmlRpcFault.invalidRequest("a boolean is 0 or 1");
                };
                case "string" -> r.getElementText();
                case "double" -> {
                    double d = number(type, () -> Double.parseDouble(r.getElementText().strip()));
                    if (!Double.isFinite(d)) throw XmlRpcFault.invalidRequest("a double must be finite");
                    yield d;
                }
                case "dateTime.iso8601" -> dateTime(r.getElementText().strip());
                case "base64" -> {
                    try {
                        yield Base64.getMimeDecoder().decode(r.getElementText().strip());
                    } catch (IllegalArgumentException e) {
                        throw XmlRpcFault.invalidRequest("base64 value is not base64");
                    }
                }
                case "nil" -> {
                    if (!r.getElementText().isBlank()) throw XmlRpcFault.invalidRequest("<nil/> holds nothing");
                    yield null;
                }
                case "struct" -> struct(depth);
                case "array" -> array(depth);
                default -> throw XmlRpcFault.invalidRequest("unknown value type <" + type + ">");
            };
        }

        private Map<String, Object> struct(int depth) throws XMLStreamException {
            Map<String, Object> members = new LinkedHashMap<>();
            while (nextTag() == XMLStreamConstants.START_ELEMENT) {
                requireName("member");
                expectStart("name");
                String name = r.getElementText();
                expectStart("value");
                members.put(name, value(depth + 1));
                expectEnd("member");
            }
            requireName("struct");
            return members;
        }

        private List<Object> array(int depth) throws XMLStreamException {
            expectStart("data");
            List<Object> values = new ArrayList<>();
            while (nextTag() == XMLStreamConstants.START_ELEMENT) {
                requireName("value");
                values.add(value(depth + 1));
            }
            requireName("data");
            expectEnd("array");
            return values;
        }

        private static LocalDateTime dateTime(String text) {
            try {
                return text.contains("-") ? LocalDateTime.parse(text) : LocalDateTime.parse(text, COMPACT);
            } catch (DateTimeParseException e) {
                throw XmlRpcFault.invalidRequest("dateTime.iso8601 value '" + text + "' is not like 20260101T09:00:00");
            }
        }

        private interface Parse<T> {
            T get() throws XMLStreamException;
        }

        private static <T> T number(String type, Parse<T> parse) throws XMLStreamException {
            try {
                return parse.get();
            } catch (NumberFormatException e) {
                throw XmlRpcFault.invalidRequest("not a valid <" + type + ">");
            }
        }

        /** The next event, refusing a DTD: with none, nothing can declare or expand an entity. */
        private int next() throws XMLStreamException {
            int event = r.next();
            if (event == XMLStreamConstants.DTD) throw XmlRpcFault.invalidRequest("a DOCTYPE is not allowed");
            if (event == XMLStreamConstants.ENTITY_REFERENCE) throw XmlRpcFault.invalidRequest("entity references are not allowed");
            return event;
        }

        /** The next start or end tag, skipping whitespace, comments and processing instructions. */
        private int nextTag() throws XMLStreamException {
            while (true) {
                int event = next();
                switch (event) {
                    case XMLStreamConstants.START_ELEMENT, XMLStreamConstants.END_ELEMENT -> {
                        return event;
                    }
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                        if (!r.isWhiteSpace()) throw XmlRpcFault.invalidRequest("unexpected text '" + r.getText().strip() + "'");
                    }
                    case XMLStreamConstants.END_DOCUMENT -> throw XmlRpcFault.invalidRequest("the document ends too early");
                    default -> { }
                }
            }
        }

        private void expectStart(String name) throws XMLStreamException {
            if (nextTag() != XMLStreamConstants.START_ELEMENT) throw XmlRpcFault.invalidRequest("expected <" + name + ">");
            requireName(name);
        }

        private void expectEnd(String name) throws XMLStreamException {
            if (nextTag() != XMLStreamConstants.END_ELEMENT) throw XmlRpcFault.invalidRequest("expected </" + name + ">");
            requireName(name);
        }

        private void requireName(String name) {
            if (!name.equals(r.getLocalName())) {
                throw XmlRpcFault.invalidRequest("expected <" + name + "> but found <" + r.getLocalName() + ">");
            }
        }
    }
}
