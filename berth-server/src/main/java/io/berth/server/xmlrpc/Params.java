package io.berth.server.xmlrpc;

import java.util.List;
import java.util.Optional;

/**
 * A call's parameters, read the way Apache VCL reads them: a number may come as an int or as a numeric string
 * (PHP's is_numeric), a string may come as a number. A value of the wrong kind, or a missing required one, is an
 * {@link XmlRpcFault#INVALID_PARAMS} fault naming the parameter.
 */
public record Params(String method, List<Object> values) {

    public int size() {
        return values.size();
    }

    public boolean has(int index) {
        return index < values.size();
    }

    public Object raw(int index) {
        return has(index) ? values.get(index) : null;
    }

    public long number(int index, String name) {
        return asNumber(raw(index)).orElseThrow(() -> wrong(index, name, "a number"));
    }

    public long number(int index, String name, long fallback) {
        return has(index) ? number(index, name) : fallback;
    }

    public String text(int index, String name) {
        Object v = raw(index);
        if (v instanceof String s) return s;
        if (v instanceof Integer || v instanceof Long) return v.toString();
        if (v instanceof Boolean b) return b ? "1" : "0";
        throw wrong(index, name, "a string");
    }

    public String text(int index, String name, String fallback) {
        return has(index) ? text(index, name) : fallback;
    }

    public List<?> list(int index, String name) {
        if (raw(index) instanceof List<?> list) return list;
        throw wrong(index, name, "an array");
    }

    /** A scalar as text (for parameters VCL checks itself, like "now or a timestamp"); a struct or array is a fault. */
    public String scalar(int index, String name) {
        Object v = raw(index);
        if (v instanceof String || v instanceof Integer || v instanceof Long || v instanceof Boolean) return text(index, name);
        if (v instanceof Double d && d == Math.rint(d)) return Long.toString(d.longValue());
        if (v instanceof Double d) return d.toString();
        throw wrong(index, name, "a string or a number");
    }

    /** PHP's is_numeric for whole numbers: an int, an i8, an integral double or a string of digits. */
    public static Optional<Long> asNumber(Object v) {
        return switch (v) {
            case Integer i -> Optional.of(i.longValue());
            case Long l -> Optional.of(l);
            case Double d when d == Math.rint(d) && Math.abs(d) < 9.0e15 -> Optional.of(d.longValue());
            case String s when s.strip().matches("[+-]?\\d{1,18}") -> Optional.of(Long.parseLong(s.strip().replace("+", "")));
            case null, default -> Optional.empty();
        };
    }

    private XmlRpcFault wrong(int index, String name, String kind) {
        if (!has(index)) return XmlRpcFault.invalidParams(method + ": parameter " + (index + 1) + " (" + name + ") is missing");
        Object v = raw(index);
        return XmlRpcFault.invalidParams(method + ": parameter " + (index + 1) + " (" + name + ") must be " + kind
                + ", not " + (v == null ? "nil" : describe(v)));
    }

    private static String describe(Object v) {
        return switch (v) {
            case String s -> "the string '" + (s.length() > 40 ? s.substring(0, 40) + "…" : s) + "'";
            case List<?> l -> "an array";
            case java.util.Map<?, ?> m -> "a struct";
            case byte[] b -> "base64 data";
            default -> "a " + v.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
