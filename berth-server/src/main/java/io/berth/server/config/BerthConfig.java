package io.berth.server.config;

import io.berth.core.rebalance.RebalanceService;
import io.berth.core.reservation.LifecycleSettings;
import io.berth.metrics.LoadMonitorSettings;
import io.berth.placement.rebalance.RebalanceSettings;
import io.berth.rm.sim.SimSettings;
import io.berth.rm.vsphere.VsphereSettings;

import java.nio.file.Path;

/**
 * Everything an operator can set. Built by {@link ConfigLoader} from defaults, an optional properties file,
 * environment variables and command-line overrides (in rising priority).
 */
public record BerthConfig(Http http, Database database, Path dataDir, Sim sim, LifecycleSettings lifecycle,
                          boolean seedDemo, String logFormat, LoadMonitorSettings load, Rebalance rebalance, Path pluginsDir,
                          XmlRpc xmlrpc, VsphereSettings vsphere) {

    /** {@code tls} null: plain HTTP; otherwise HTTPS only, with the key and certificate of a PKCS12 keystore. */
    public record Http(String host, int port, Tls tls) {
        public Http(String host, int port) {
            this(host, port, null);
        }

        public String scheme() {
            return tls == null ? "http" : "https";
        }
    }

    public record Tls(Path keystore, String keystorePassword) {}

    /**
     * The Apache VCL XML-RPC compatibility endpoints. {@code allowHttp}: accept calls over plain HTTP (tests, a trusted
     * local proxy); otherwise they need HTTPS, as in VCL. {@code affiliation}: the one affiliation Berth's users have.
     * {@code trustForwardedProto}: count a call as HTTPS when a TLS-terminating proxy says so (X-Forwarded-Proto).
     */
    public record XmlRpc(boolean enabled, boolean allowHttp, String affiliation, boolean trustForwardedProto) {
        public static XmlRpc defaults() {
            return new XmlRpc(true, false, "Local", false);
        }

        public XmlRpc withAllowHttp(boolean allow) {
            return new XmlRpc(enabled, allow, affiliation, trustForwardedProto);
        }
    }

    /** {@code url} null means the embedded H2 file database under the data folder. */
    public record Database(String url, String user, String password, int maxPoolSize) {}

    public record Sim(boolean enabled, SimSettings settings) {}

    /** When and how the rebalancer runs (the schedule is the core's, the decisions the resource manager's). */
    public record Rebalance(RebalanceService.Settings schedule, RebalanceSettings decisions) {}

    /** The defaults of everything not given, keeping the rest (for tests and embedding). */
    public BerthConfig(Http http, Database database, Path dataDir, Sim sim, LifecycleSettings lifecycle, boolean seedDemo, String logFormat) {
        this(http, database, dataDir, sim, lifecycle, seedDemo, logFormat, LoadMonitorSettings.defaults(),
                new Rebalance(RebalanceService.Settings.defaults(), RebalanceSettings.defaults()), dataDir.resolve("plugins"),
                XmlRpc.defaults(), null);
    }

    public BerthConfig withLoad(LoadMonitorSettings l) {
        return new BerthConfig(http, database, dataDir, sim, lifecycle, seedDemo, logFormat, l, rebalance, pluginsDir, xmlrpc, vsphere);
    }

    public BerthConfig withRebalance(Rebalance r) {
        return new BerthConfig(http, database, dataDir, sim, lifecycle, seedDemo, logFormat, load, r, pluginsDir, xmlrpc, vsphere);
    }

    public BerthConfig withSim(Sim s) {
        return new BerthConfig(http, database, dataDir, s, lifecycle, seedDemo, logFormat, load, rebalance, pluginsDir, xmlrpc, vsphere);
    }

    public BerthConfig withPluginsDir(Path p) {
        return new BerthConfig(http, database, dataDir, sim, lifecycle, seedDemo, logFormat, load, rebalance, p, xmlrpc, vsphere);
    }

    public BerthConfig withXmlRpc(XmlRpc x) {
        return new BerthConfig(http, database, dataDir, sim, lifecycle, seedDemo, logFormat, load, rebalance, pluginsDir, x, vsphere);
    }

    /** {@code v} null: no vSphere resource manager (the default; it needs an endpoint). */
    public BerthConfig withVsphere(VsphereSettings v) {
        return new BerthConfig(http, database, dataDir, sim, lifecycle, seedDemo, logFormat, load, rebalance, pluginsDir, xmlrpc, v);
    }

    public BerthConfig withHttp(Http h) {
        return new BerthConfig(h, database, dataDir, sim, lifecycle, seedDemo, logFormat, load, rebalance, pluginsDir, xmlrpc, vsphere);
    }
}
