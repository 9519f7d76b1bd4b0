package io.berth.rm.vsphere;

import io.berth.rm.vsphere.soap.Credentials;
import io.berth.rm.vsphere.soap.Secret;
import io.berth.rm.vsphere.soap.Thumbprint;
import io.berth.rm.vsphere.soap.TrustSettings;
import io.berth.rm.vsphere.soap.VimEndpoint;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

/**
 * How Berth uses one vCenter (or ESX host). Read from the {@code berth.vsphere.*} configuration keys.
 *
 * @param datacenter      the datacenter whose hosts Berth manages; null: the endpoint's only one
 * @param cluster         the cluster within it; null: every host of the datacenter
 * @param folder          VM folder (under the datacenter's VM folder, "a/b" for nested) for Berth's VMs; made if missing
 * @param resourcePool    resource pool of the cluster for Berth's VMs; null: the host's cluster (or host) root pool
 * @param templates       template VM name per image name; an image not listed uses its own name
 * @param pool            Berth pool the discovered hosts join (created if missing)
 * @param vmPrefix        the ownership mark: Berth's VMs are named prefix + reservation id, and only those are touched
 * @param ipTimeout       longest wait for a new VM to report its IP address
 * @param orphanGrace     how long a VM of Berth's with no live reservation may exist before it is destroyed
 * @param callTimeout     longest wait for one SOAP call
 * @param taskTimeout     longest wait for one task (a clone of a big template takes a while)
 * @param vcpuRatio       VCPU overcommit of the discovered hosts (allocation ratio of their cores)
 */
public record VsphereSettings(URI url, Credentials credentials, TrustSettings trust, String datacenter, String cluster,
                              String folder, String resourcePool, Map<String, String> templates, String pool, String vmPrefix,
                              Duration ipTimeout, Duration reconcileInterval, Duration orphanGrace, Duration sampleInterval,
                              Duration inventoryInterval, Duration callTimeout, Duration taskTimeout, double vcpuRatio) {

    public static final String PREFIX = "berth.vsphere.";
    /** The password comes from here (or a file), never from a configuration key a command line would show. */
    public static final String PASSWORD_ENV = "BERTH_VSPHERE_PASSWORD";
    public static final String TEMPLATES = "templates.";
    /** The keys after {@link #PREFIX}, besides {@code templates.<image name>}. */
    public static final Set<String> KEYS = Set.of("url", "user", "password-file", "datacenter", "cluster", "thumbprint",
            "ca-file", "insecure", "folder", "resource-pool", "pool", "vm-prefix", "ip-timeout", "reconcile-interval",
            "orphan-grace", "sample-interval", "inventory-interval", "call-timeout", "task-timeout", "vcpu-ratio");
    private static final Pattern PREFIX_SHAPE = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,40}");

    public VsphereSettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(trust, "trust");
        templates = Map.copyOf(templates);
        if (!PREFIX_SHAPE.matcher(vmPrefix).matches()) {
            throw new IllegalArgumentException("vm-prefix must start with a letter and hold only letters, digits, '_', '.', '-': " + vmPrefix);
        }
        if (!(vcpuRatio > 0) || vcpuRatio > 64) throw new IllegalArgumentException("vcpu-ratio must be in (0, 64], not " + vcpuRatio);
        for (Duration d : new Duration[]{ipTimeout, reconcileInterval, sampleInterval, inventoryInterval, callTimeout, taskTimeout}) {
            if (d.isNegative() || d.isZero()) throw new IllegalArgumentException("vSphere intervals and timeouts must be positive");
        }
        if (orphanGrace.isNegative()) throw new IllegalArgumentException("orphan-grace must not be negative");
    }

    public VimEndpoint endpoint() {
        Duration connect = callTimeout.compareTo(Duration.ofSeconds(10)) < 0 ? callTimeout : Duration.ofSeconds(10);
        return new VimEndpoint(url, trust, credentials, connect, callTimeout);
    }

    public String templateFor(String imageName) {
        return templates.getOrDefault(imageName, imageName);
    }

    /**
     * Reads the keys (without {@link #PREFIX}) and the password.
     *
     * @param env      the environment ({@value #PASSWORD_ENV})
     * @param duration parses a duration value, naming the key if it cannot
     * @throws IllegalArgumentException naming the key at fault
     */
    public static VsphereSettings parse(Map<String, String> keys, Map<String, String> env, BiFunction<String, String, Duration> duration) {
        Map<String, String> templates = new TreeMap<>();
        for (String k : keys.keySet()) {
            if (k.startsWith(TEMPLATES) && k.length() > TEMPLATES.length()) templates.put(k.substring(TEMPLATES.length()), keys.get(k));
            else if (!KEYS.contains(k)) throw new IllegalArgumentException("unknown configuration key '" + PREFIX + k + "'; known: "
                    + new java.util.TreeSet<>(KEYS) + " and templates.<image name>");
        }
        Reader r = new Reader(keys, duration);
        URI url = r.url();
        String user = r.required("user");
        Secret password = password(keys.get("password-file"), env);
        TrustSettings trust = r.trust();
        if (url.getScheme().equals("http") && !trust.insecure()) {
            throw new IllegalArgumentException(PREFIX + "url: plain http sends the password in clear; use https (or set " + PREFIX + "insecure=true for a lab)");
        }
        return new VsphereSettings(url, new Credentials(user, password), trust, r.optional("datacenter"), r.optional("cluster"),
                r.text("folder", "berth"), r.optional("resource-pool"), templates, r.text("pool", "vsphere"), r.text("vm-prefix", "berth-"),
                r.duration("ip-timeout", Duration.ofMinutes(5)), r.duration("reconcile-interval", Duration.ofMinutes(5)),
                r.duration("orphan-grace", Duration.ofMinutes(10)), r.duration("sample-interval", Duration.ofSeconds(20)),
                r.duration("inventory-interval", Duration.ofMinutes(1)), r.duration("call-timeout", Duration.ofSeconds(60)),
                r.duration("task-timeout", Duration.ofMinutes(30)), r.decimal("vcpu-ratio", 4.0));
    }

    private static Secret password(String file, Map<String, String> env) {
        if (file != null) {
            try {
                String content = Files.readString(Path.of(file)).strip();
                if (content.isEmpty()) throw new IllegalArgumentException(PREFIX + "password-file: " + file + " is empty");
                return Secret.of(content);
            } catch (IOException e) {
                throw new IllegalArgumentException(PREFIX + "password-file: cannot read " + file + ": " + e.getMessage());
            }
        }
        String fromEnv = env.get(PASSWORD_ENV);
        if (fromEnv == null || fromEnv.isEmpty()) {
            throw new IllegalArgumentException("the vSphere password is missing: set " + PASSWORD_ENV + " or " + PREFIX + "password-file");
        }
        return Secret.of(fromEnv);
    }

    /** Reads values, naming the key in every error. */
    private record Reader(Map<String, String> keys, BiFunction<String, String, Duration> durations) {
        String optional(String key) {
            String v = keys.get(key);
            return v == null || v.isBlank() ? null : v.strip();
        }

        String required(String key) {
            String v = optional(key);
            if (v == null) throw new IllegalArgumentException(PREFIX + key + " is needed when " + PREFIX + "url is set");
            return v;
        }

        String text(String key, String fallback) {
            String v = optional(key);
            return v == null ? fallback : v;
        }

        URI url() {
            String v = keys.get("url");
            if (v == null || v.isBlank()) throw new IllegalArgumentException(PREFIX + "url is needed to use vSphere (e.g. https://vcenter.lab/sdk)");
            try {
                URI u = new URI(v.strip());
                if (u.getHost() == null || (!"https".equals(u.getScheme()) && !"http".equals(u.getScheme()))) throw new URISyntaxException(v, "not an http(s) URL");
                return u.getPath() == null || u.getPath().isEmpty() || u.getPath().equals("/") ? u.resolve("/sdk") : u;
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException(PREFIX + "url must be like https://vcenter.lab/sdk, not '" + v + "'");
            }
        }

        TrustSettings trust() {
            String thumbprint = optional("thumbprint");
            String caFile = optional("ca-file");
            boolean insecure = Boolean.parseBoolean(text("insecure", "false"));
            if (!Set.of("true", "false").contains(text("insecure", "false"))) throw new IllegalArgumentException(PREFIX + "insecure must be true or false");
            try {
                return new TrustSettings(caFile == null ? null : Path.of(caFile), thumbprint == null ? null : Thumbprint.parse(thumbprint), insecure);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(PREFIX + (thumbprint != null && !e.getMessage().startsWith("choose") ? "thumbprint: " : "thumbprint/ca-file/insecure: ")
                        + e.getMessage());
            }
        }

        Duration duration(String key, Duration fallback) {
            String v = optional(key);
            return v == null ? fallback : durations.apply(PREFIX + key, v);
        }

        double decimal(String key, double fallback) {
            String v = optional(key);
            if (v == null) return fallback;
            try {
                return Double.parseDouble(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(PREFIX + key + " must be a number, not '" + v + "'");
            }
        }
    }
}
