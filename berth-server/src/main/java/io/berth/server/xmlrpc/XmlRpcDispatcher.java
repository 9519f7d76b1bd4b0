package io.berth.server.xmlrpc;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Method names to their handlers, each with the number of parameters it takes. */
public final class XmlRpcDispatcher {

    /** A method's body: the caller and its (count-checked) parameters in, an XML-RPC value out. */
    @FunctionalInterface
    public interface Body {
        Object call(VclCaller caller, Params params);
    }

    private record Method(String name, int minParams, int maxParams, String signature, Body body) {}

    private final Map<String, Method> methods = new TreeMap<>();

    /**
     * @param signature the parameters as documented, optional ones in brackets, e.g. "imageid, start, length[, foruser]"
     */
    public XmlRpcDispatcher add(String name, int minParams, int maxParams, String signature, Body body) {
        if (methods.putIfAbsent(name, new Method(name, minParams, maxParams, signature, body)) != null) {
            throw new IllegalStateException("method " + name + " is registered twice");
        }
        return this;
    }

    public boolean knows(String name) {
        return methods.containsKey(name);
    }

    public Set<String> names() {
        return methods.keySet();
    }

    public Object dispatch(VclCaller caller, XmlRpcCall call) {
        Method m = methods.get(call.method());
        if (m == null) throw XmlRpcFault.unknownFunction(call.method());
        int n = call.params().size();
        if (n < m.minParams() || n > m.maxParams()) {
            String takes = m.minParams() == m.maxParams() ? Integer.toString(m.minParams())
                    : m.minParams() + " to " + m.maxParams();
            throw XmlRpcFault.invalidParams(m.name() + " takes " + takes + " parameter(s) (" + m.signature() + "), not " + n);
        }
        return m.body().call(caller, new Params(m.name(), call.params()));
    }
}
