package io.berth.server.xmlrpc;

/**
 * A transport-level refusal, answered as an XML-RPC {@code <fault>} (HTTP 200, as XML-RPC and Apache VCL do).
 * Application errors are not faults: VCL answers those with a struct {@code {status: "error", errorcode, errormsg}}.
 */
public final class XmlRpcFault extends RuntimeException {
    // Apache VCL's fault codes (its $XMLRPCERRORS), with its texts where it has one.
    public static final int INTERNAL_ERROR = 1;
    public static final int UNKNOWN_FUNCTION = 2;
    public static final int ACCESS_DENIED = 3;
    public static final int HTTPS_REQUIRED = 4;
    public static final int CANNOT_AUTHENTICATE = 6;
    public static final int UNKNOWN_API_VERSION = 7;
    public static final int UNSUPPORTED_API_VERSION = 8;
    // Berth's additions for what VCL's PHP did not check, from the XML-RPC fault code interoperability list.
    public static final int PARSE_ERROR = -32700;
    public static final int INVALID_REQUEST = -32600;
    public static final int INVALID_PARAMS = -32602;

    private final int code;

    public XmlRpcFault(int code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static XmlRpcFault unknownFunction(String name) {
        return new XmlRpcFault(UNKNOWN_FUNCTION, "unknown function" + (name == null || name.isBlank() ? "" : ": " + name));
    }

    public static XmlRpcFault accessDenied() {
        return new XmlRpcFault(ACCESS_DENIED, "Access denied");
    }

    public static XmlRpcFault httpsRequired() {
        return new XmlRpcFault(HTTPS_REQUIRED, "xmlrpccall requires SSL to be enabled - connection aborted");
    }

    public static XmlRpcFault cannotAuthenticate() {
        return new XmlRpcFault(CANNOT_AUTHENTICATE, "Unable to authenticate passed in X-User");
    }

    public static XmlRpcFault unknownApiVersion() {
        return new XmlRpcFault(UNKNOWN_API_VERSION, "Unknown API version, cannot continue");
    }

    public static XmlRpcFault unsupportedApiVersion() {
        return new XmlRpcFault(UNSUPPORTED_API_VERSION, "Unsupported API version; send X-APIVERSION: 2");
    }

    public static XmlRpcFault malformed(String why) {
        return new XmlRpcFault(PARSE_ERROR, "parse error: " + why);
    }

    public static XmlRpcFault invalidRequest(String why) {
        return new XmlRpcFault(INVALID_REQUEST, "invalid XML-RPC request: " + why);
    }

    public static XmlRpcFault invalidParams(String why) {
        return new XmlRpcFault(INVALID_PARAMS, "invalid method parameters: " + why);
    }
}
