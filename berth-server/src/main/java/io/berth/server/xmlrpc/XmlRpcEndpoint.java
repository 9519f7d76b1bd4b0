package io.berth.server.xmlrpc;

import io.berth.core.admin.AccountService;
import io.berth.core.domain.User;
import io.berth.server.config.BerthConfig;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The HTTP side of the Apache VCL XML-RPC API (API version 2). Every answer is HTTP 200 with an XML-RPC document:
 * a result, or a fault for what VCL refuses before calling a method (in VCL's order: HTTPS 4, who is calling 3/6,
 * API version 8/7, password 3, unknown function 2) and for what Berth refuses that VCL's PHP did not check
 * (malformed or oversized bodies, wrong parameters). A failure inside Berth is fault 1 with an incident id in the
 * log, never a stack trace.
 */
public final class XmlRpcEndpoint {
    private static final Logger log = LoggerFactory.getLogger(XmlRpcEndpoint.class);
    /** VCL's calls are a few hundred bytes; this leaves room for long member lists. */
    static final int MAX_BODY_BYTES = 256 * 1024;

    /** VCL's two entry points: {@code mode=xmlrpccall} (authenticated) and {@code mode=xmlrpcaffiliations} (not). */
    public enum Mode { CALL, AFFILIATIONS }

    private final XmlRpcDispatcher dispatcher;
    private final AccountService accounts;
    private final BerthConfig.XmlRpc settings;
    private final CallRecorder recorder;

    XmlRpcEndpoint(XmlRpcDispatcher dispatcher, AccountService accounts, BerthConfig.XmlRpc settings, CallRecorder recorder) {
        this.dispatcher = dispatcher;
        this.accounts = accounts;
        this.settings = settings;
        this.recorder = recorder;
    }

    public void handle(Context ctx, Mode mode) {
        long began = System.nanoTime();
        String address = clientAddress(ctx);
        String login = header(ctx, "X-User");
        VclCaller caller = null;
        XmlRpcCall call = null;
        String body;
        String outcome;
        try {
            requireSecure(ctx);
            caller = mode == Mode.CALL ? authenticate(ctx, login, address) : anonymous(ctx, address);
            call = XmlRpcParser.parse(readBody(ctx));
            if (mode == Mode.AFFILIATIONS && !call.method().equals("XMLRPCaffiliations")) {
                throw XmlRpcFault.unknownFunction(call.method());
            }
            Object result = dispatcher.dispatch(caller, call);
            body = XmlRpcWriter.response(result);
            outcome = outcomeOf(result);
        } catch (XmlRpcFault f) {
            body = XmlRpcWriter.fault(f.code(), f.getMessage());
            outcome = "fault " + f.code();
        } catch (RuntimeException e) {
            String incident = UUID.randomUUID().toString();
            log.error("XML-RPC incident {}: {} failed", incident, call == null ? "a call" : call.method(), e);
            body = XmlRpcWriter.fault(XmlRpcFault.INTERNAL_ERROR, "Internal error while processing your method call; incident "
                    + incident + " is in Berth's log");
            outcome = "fault " + XmlRpcFault.INTERNAL_ERROR + " (incident " + incident + ")";
        }
        ctx.status(200).contentType("text/xml; charset=utf-8").result(body);
        recorder.record(new CallRecorder.Call(caller, login, address, call == null ? null : call.method(),
                call == null ? null : call.params(), outcome, (System.nanoTime() - began) / 1000));
    }

    /**
     * HTTPS, as VCL requires; plain HTTP only when allowed, or from a TLS-terminating proxy that says so and is
     * trusted to.
     */
    private void requireSecure(Context ctx) {
        boolean secure = ctx.req().isSecure()
                || settings.allowHttp()
                || (settings.trustForwardedProto() && "https".equalsIgnoreCase(header(ctx, "X-Forwarded-Proto")));
        if (!secure) throw XmlRpcFault.httpsRequired();
    }

    private VclCaller authenticate(Context ctx, String xUser, String address) {
        if (xUser.isBlank()) throw XmlRpcFault.accessDenied();
        String login = xUser.strip();
        int at = login.lastIndexOf('@');
        if (at >= 0) {
            // Berth authenticates only its own users: another affiliation's cannot be checked here.
            if (!login.substring(at + 1).equalsIgnoreCase(settings.affiliation())) throw XmlRpcFault.cannotAuthenticate();
            login = login.substring(0, at);
        }
        String password = ctx.header("X-Pass");
        if (password == null || password.isEmpty()) throw XmlRpcFault.accessDenied();
        requireVersion2(ctx);
        String user = login;
        User authenticated = accounts.verifyPassword(user, password.toCharArray()).orElseThrow(XmlRpcFault::accessDenied);
        return new VclCaller(authenticated, settings.affiliation(), address);
    }

    private VclCaller anonymous(Context ctx, String address) {
        requireVersion2(ctx);
        return new VclCaller(null, settings.affiliation(), address);
    }

    private static void requireVersion2(Context ctx) {
        String version = header(ctx, "X-APIVERSION").strip();
        if (version.equals("1")) throw XmlRpcFault.unsupportedApiVersion();
        if (!version.equals("2")) throw XmlRpcFault.unknownApiVersion();
    }

    /** At most {@link #MAX_BODY_BYTES}, refused by its declared length or while reading, whichever shows first. */
    private static byte[] readBody(Context ctx) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > MAX_BODY_BYTES) throw tooLarge();
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) throw tooLarge();
            return body;
        } catch (IOException e) {
            throw XmlRpcFault.invalidRequest("the request body could not be read: " + e.getMessage());
        }
    }

    private static XmlRpcFault tooLarge() {
        return XmlRpcFault.invalidRequest("the request body is larger than " + MAX_BODY_BYTES / 1024 + " KiB");
    }

    /** The caller's address; behind a trusted TLS-terminating proxy, the client it names first. */
    private String clientAddress(Context ctx) {
        if (settings.trustForwardedProto()) {
            String forwarded = header(ctx, "X-Forwarded-For");
            if (!forwarded.isBlank()) return forwarded.split(",")[0].strip();
        }
        return ctx.ip();
    }

    private static String header(Context ctx, String name) {
        String v = ctx.header(name);
        return v == null ? "" : v;
    }

    /** "success", "error 5", "warning 14", "notavailable", "ready", ... for the record. */
    private static String outcomeOf(Object result) {
        if (result instanceof Map<?, ?> m && m.get("status") instanceof String status) {
            if (m.get("errorcode") != null) return status + " " + m.get("errorcode");
            if (m.get("warningcode") != null) return status + " " + m.get("warningcode");
            return status;
        }
        return result instanceof List<?> l ? "success (" + l.size() + " items)" : "success";
    }
}
