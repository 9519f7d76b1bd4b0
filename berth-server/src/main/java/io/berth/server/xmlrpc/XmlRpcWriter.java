package io.berth.server.xmlrpc;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;

/**
 * Writes {@code <methodResponse>} documents. Maps keep their order (Apache VCL's structs are ordered PHP arrays).
 * Characters XML 1.0 cannot carry are replaced with U+FFFD rather than producing a document no client can read.
 */
public final class XmlRpcWriter {
    private static final DateTimeFormatter COMPACT = DateTimeFormatter.ofPattern("yyyyMMdd'T'HH:mm:ss");
    private static final String PROLOG = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

    private XmlRpcWriter() {}

    public static String response(Object value) {
        StringBuilder out = new StringBuilder(PROLOG).append("<methodResponse><params><param>");
        value(out, value);
        return out.append("</param></params></methodResponse>\n").toString();
    }

    public static String fault(int code, String message) {
        StringBuilder out = new StringBuilder(PROLOG).append("<methodResponse><fault><value><struct>")
                .append("<member><name>faultCode</name><value><int>").append(code).append("</int></value></member>")
                .append("<member><name>faultString</name><value><string>");
        text(out, message == null ? "" : message);
        return out.append("</string></value></member></struct></value></fault></methodResponse>\n").toString();
    }

    private static void value(StringBuilder out, Object v) {
        out.append("<value>");
        switch (v) {
            case null -> out.append("<nil/>");
            case Integer i -> out.append("<int>").append(i).append("</int>");
            case Short s -> out.append("<int>").append(s).append("</int>");
            case Long l when l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE -> out.append("<int>").append(l).append("</int>");
            case Long l -> out.append("<i8>").append(l).append("</i8>");
            case Boolean b -> out.append("<boolean>").append(b ? 1 : 0).append("</boolean>");
            case Double d -> out.append("<double>").append(d).append("</double>");
            case String s -> text(out.append("<string>"), s).append("</string>");
            case LocalDateTime t -> out.append("<dateTime.iso8601>").append(COMPACT.format(t)).append("</dateTime.iso8601>");
            case Instant t -> out.append("<dateTime.iso8601>").append(COMPACT.format(LocalDateTime.ofInstant(t, ZoneOffset.UTC)))
                    .append("</dateTime.iso8601>");
            case byte[] bytes -> out.append("<base64>").append(Base64.getEncoder().encodeToString(bytes)).append("</base64>");
            case Map<?, ?> map -> {
                out.append("<struct>");
                map.forEach((k, member) -> {
                    text(out.append("<member><name>"), String.valueOf(k)).append("</name>");
                    value(out, member);
                    out.append("</member>");
                });
                out.append("</struct>");
            }
            case Collection<?> list -> {
                out.append("<array><data>");
                list.forEach(item -> value(out, item));
                out.append("</data></array>");
            }
            default -> throw new IllegalArgumentException("no XML-RPC type for " + v.getClass().getName());
        }
        out.append("</value>");
    }

    private static StringBuilder text(StringBuilder out, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '\r' -> out.append("&#13;");
                default -> {
                    if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                        out.append(c).append(s.charAt(++i));
                    } else if (allowed(c)) {
                        out.append(c);
                    } else {
                        out.append('\uFFFD');
                    }
                }
            }
        }
        return out;
    }

    /** XML 1.0's Char production, for a single UTF-16 unit (surrogate pairs are handled by the caller). */
    private static boolean allowed(char c) {
        return c == '\t' || c == '\n' || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD);
    }
}
