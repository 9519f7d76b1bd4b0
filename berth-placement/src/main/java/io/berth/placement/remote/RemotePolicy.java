package io.berth.placement.remote;

import io.berth.core.domain.Pool;
import io.berth.placement.PlacementController;
import io.berth.placement.PolicyRegistry;
import io.berth.placement.policy.PolicySettings;

import java.net.http.HttpClient;
import java.util.Map;
import java.util.TreeSet;

/**
 * The {@code http} policy: an external service ranks the hosts (protocol in docs/placement-protocol), Berth keeps
 * the hard rules, and a built-in policy decides whenever the service is slow, down or makes no usable choice.
 * Settings: {@code url} (required), {@code timeout-ms} (200), {@code fallback} (least-loaded), {@code send-rejected} (false).
 */
public final class RemotePolicy {
    public static final String NAME = "http";

    private RemotePolicy() {}

    /**
     * Registers {@code http} with {@code registry}. Fallbacks come from that same registry, looked up by name whenever
     * a pool's controller is built, so any policy registered by then (built-in or plug-in, never {@code http}) may serve.
     *
     * @param client shared by every pool's controller; its connect timeout and proxy settings apply
     */
    public static void register(PolicyRegistry registry, HttpClient client) {
        registry.register(NAME, "an external placement service ranks the hosts over HTTP (JSON); a built-in policy decides when it cannot",
                (pool, settings) -> create(pool, settings, registry, client));
    }

    static PlacementController create(Pool pool, PolicySettings s, PolicyRegistry registry, HttpClient client) {
        TreeSet<String> fallbacks = new TreeSet<>(registry.names());
        fallbacks.remove(NAME); // a fallback must not be able to fail the same way
        RemoteSettings settings = RemoteSettings.read(pool, s, fallbacks);
        return new RemoteController(settings, new RemoteCall(client, settings.url(), settings.timeout()), fallback(registry, pool, settings.fallback()));
    }

    /** The fallback controller, with its policy's default settings; it lives as long as this pool's http controller. */
    private static PlacementController fallback(PolicyRegistry registry, Pool pool, String policy) {
        return registry.create(policy, pool, Map.of());
    }
}
