package io.berth.server.xmlrpc;

import io.berth.core.store.ApiCall;
import io.berth.core.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Records every XML-RPC call, as Apache VCL's xmlrpcLog does: a structured log line (logger {@code berth.xmlrpc})
 * and a row admins can query ({@code GET /api/v1/api-calls}). Unlike VCL it also records refused calls.
 * Recording never fails a call.
 */
final class CallRecorder {
    private static final Logger log = LoggerFactory.getLogger("berth.xmlrpc");
    private static final int MAX_ARGUMENTS_TEXT = 2000;

    private final Store store;
    private final Clock clock;

    CallRecorder(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** What is known of a call when it ends; any part may be missing for a refused call. */
    record Call(VclCaller caller, String login, String address, String method, List<Object> params, String outcome, long micros) {}

    void record(Call call) {
        Long userId = call.caller() == null || call.caller().user() == null ? null : call.caller().user().id();
        String arguments = call.params() == null ? "" : render(call.params());
        log.atInfo()
                .addKeyValue("user", call.login())
                .addKeyValue("userId", userId)
                .addKeyValue("address", call.address())
                .addKeyValue("method", call.method())
                .addKeyValue("outcome", call.outcome())
                .addKeyValue("micros", call.micros())
                .log("xmlrpc {} by {} from {}: {}", call.method(), call.login(), call.address(), call.outcome());
        try {
            store.run(tx -> tx.apiCalls().append(new ApiCall(0, clock.instant(), "xmlrpc", userId, call.login(),
                    call.address(), call.method() == null ? "" : call.method(), arguments, call.outcome())));
        } catch (RuntimeException e) {
            log.warn("could not store the record of an XML-RPC call: {}", e.getMessage());
        }
    }

    /** The arguments in a compact, JSON-like form, cut short when long. */
    static String render(List<Object> params) {
        String text = params.stream().map(CallRecorder::value).collect(Collectors.joining(", ", "[", "]"));
        return text.length() <= MAX_ARGUMENTS_TEXT ? text : text.substring(0, MAX_ARGUMENTS_TEXT - 1) + "…";
    }

    private static String value(Object v) {
        return switch (v) {
            case null -> "null";
            case String s -> '"' + (s.length() > 200 ? s.substring(0, 200) + "…" : s).replace("\"", "\\\"") + '"';
            case List<?> l -> l.stream().map(CallRecorder::value).collect(Collectors.joining(", ", "[", "]"));
            case Map<?, ?> m -> m.entrySet().stream().map(e -> '"' + String.valueOf(e.getKey()) + "\": " + value(e.getValue()))
                    .collect(Collectors.joining(", ", "{", "}"));
            case byte[] b -> "<" + b.length + " bytes>";
            default -> String.valueOf(v);
        };
    }
}
