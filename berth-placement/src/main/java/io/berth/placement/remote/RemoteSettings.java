package io.berth.placement.remote;

import io.berth.core.domain.Pool;
import io.berth.core.resource.PolicySettingException;
import io.berth.placement.policy.BuiltInPolicies;
import io.berth.placement.policy.PolicySettings;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Set;

/**
 * The {@code http} policy's settings, validated.
 *
 * @param url             where requests are POSTed (http or https)
 * @param timeout         the most a placement waits for the answer before falling back
 * @param fallback        the policy deciding when the remote one cannot
 * @param sendRejected    whether hosts the hard filters rejected are sent too
 * @param explainAllBelow explanations list every candidate up to this many hosts
 */
record RemoteSettings(URI url, Duration timeout, String fallback, boolean sendRejected, int explainAllBelow) {
    static final String DEFAULT_FALLBACK = BuiltInPolicies.LEAST_LOADED;

    /** Reads every setting before judging the URL, so the list of known settings is complete even when it is missing. */
    static RemoteSettings read(Pool pool, PolicySettings s, Set<String> fallbacks) {
        String url = text(pool, s, "url", "required: the http(s) URL of the placement service");
        int timeoutMs = s.integer("timeout-ms", 200, 10, 10_000, "milliseconds to wait for the answer before falling back");
        String fallback = s.choice("fallback", DEFAULT_FALLBACK, fallbacks,
                "the policy that decides when the service fails (with default settings)");
        boolean sendRejected = s.choice("send-rejected", "false", Set.of("true", "false"),
                "also send the hosts the hard filters rejected").equals("true");
        int explainAll = s.integer("explain-all-below", 64, 0, 100_000, "explanations list every candidate up to this many hosts");
        BuiltInPolicies.vmUtilisation(s); // read by the placement engine; declared here so pools may set it
        return new RemoteSettings(checkedUrl(url), Duration.ofMillis(timeoutMs), fallback, sendRejected, explainAll);
    }

    private static URI checkedUrl(String url) {
        if (url.isEmpty()) throw new PolicySettingException("url", "url is required: the http(s) URL of the placement service");
        try {
            URI uri = new URI(url);
            if (("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme())) && uri.getHost() != null) return uri;
        } catch (URISyntaxException e) {
            // reported below, with the setting's name
        }
        throw new PolicySettingException("url", "url must be an http:// or https:// URL with a host, not '" + url + "'");
    }

    private static String text(Pool pool, PolicySettings s, String key, String meaning) {
        return s.text(key, "", meaning);
    }
}
