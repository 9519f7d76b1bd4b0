package io.berth.server.xmlrpc;

import io.berth.core.BerthCore;
import io.berth.core.reservation.LifecycleSettings;
import io.berth.server.config.BerthConfig;
import io.berth.server.http.Access;
import io.berth.server.http.RouteTable;
import io.javalin.http.Context;

import java.time.Clock;

/**
 * The Apache VCL XML-RPC API on VCL's own path, {@code POST /index.php?mode=xmlrpccall} (and
 * {@code ?mode=xmlrpcaffiliations}), and at {@code POST /xmlrpc}. The routes are PUBLIC in the route table because
 * they authenticate each call themselves, with VCL's headers, and answer refusals as XML-RPC faults.
 */
public final class XmlRpcRoutes {
    private final XmlRpcEndpoint endpoint;
    private final XmlRpcDispatcher dispatcher;

    public XmlRpcRoutes(BerthCore core, BerthConfig.XmlRpc settings, LifecycleSettings lifecycle, Clock clock) {
        this.dispatcher = new XmlRpcDispatcher();
        new ImageMethods(core.images()).register(dispatcher);
        new ReservationMethods(core.reservations(), core.images(), core.accounts(), clock).register(dispatcher);
        new GroupMethods(core.accounts()).register(dispatcher);
        new BlockMethods(core.blocks(), core.images(), core.accounts(), core.reservations(), lifecycle, clock).register(dispatcher);
        this.endpoint = new XmlRpcEndpoint(dispatcher, core.accounts(), settings, new CallRecorder(core.store(), clock));
    }

    public void register(RouteTable routes) {
        routes.post("/index.php", Access.PUBLIC, this::vclEntry);
        routes.post("/xmlrpc", Access.PUBLIC, this::vclEntry);
    }

    /** The method names served (for documentation checks). */
    public java.util.Set<String> methods() {
        return dispatcher.names();
    }

    private void vclEntry(Context ctx) {
        String mode = ctx.queryParam("mode");
        if (mode == null && ctx.path().endsWith("/xmlrpc")) mode = "xmlrpccall";
        switch (mode == null ? "" : mode) {
            case "xmlrpccall" -> endpoint.handle(ctx, XmlRpcEndpoint.Mode.CALL);
            case "xmlrpcaffiliations" -> endpoint.handle(ctx, XmlRpcEndpoint.Mode.AFFILIATIONS);
            default -> ctx.status(200).contentType("text/xml; charset=utf-8").result(XmlRpcWriter.fault(XmlRpcFault.INVALID_REQUEST,
                    "invalid XML-RPC request: Berth serves only mode=xmlrpccall and mode=xmlrpcaffiliations here"));
        }
    }
}
