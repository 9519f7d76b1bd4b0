package io.berth.server.xmlrpc;

import java.util.List;

/**
 * A parsed {@code <methodCall>}. Parameter values are Java objects: Integer, Long (i8), Boolean, String, Double,
 * LocalDateTime (dateTime.iso8601), byte[] (base64), List (array), Map (struct, in document order), null (nil).
 */
public record XmlRpcCall(String method, List<Object> params) {
    public XmlRpcCall {
        params = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(params));
    }
}
