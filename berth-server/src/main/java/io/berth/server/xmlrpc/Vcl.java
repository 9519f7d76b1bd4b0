package io.berth.server.xmlrpc;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Apache VCL's result convention: a struct whose {@code status} says how it went ("success", "error", "warning",
 * or a method's own values such as "ready"); errors carry {@code errorcode} and {@code errormsg}.
 */
final class Vcl {
    private Vcl() {}

    static Map<String, Object> status(String status) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", status);
        return m;
    }

    static Map<String, Object> success() {
        return status("success");
    }

    static Map<String, Object> error(int code, String message) {
        Map<String, Object> m = status("error");
        m.put("errorcode", code);
        m.put("errormsg", message);
        return m;
    }

    /** An error with one more member, e.g. {@code allowed} minutes. */
    static Map<String, Object> error(int code, String message, String key, Object value) {
        Map<String, Object> m = error(code, message);
        m.put(key, value);
        return m;
    }
}
