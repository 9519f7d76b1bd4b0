package io.berth.placement.plugin;

import io.berth.core.domain.Pool;
import io.berth.core.resource.PolicySettingException;
import io.berth.placement.PlacementController;
import io.berth.placement.PolicyRegistry;
import io.berth.placement.policy.PolicySettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.Consumer;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Loads placement plug-ins: every {@code *.jar} of a folder, in file-name order, each in its own class loader
 * (parent: this module's loader, so plug-ins see Berth's placement API and nothing of each other). Policies,
 * filters and scorers are found through {@link ServiceLoader}. Nothing a jar does stops Berth: a bad jar or
 * provider is logged and reported, and the rest loads. Names are first come, first served: Berth's own
 * (registered before loading) win, then jars in file-name order.
 */
public final class PluginLoader {
    private static final Logger log = LoggerFactory.getLogger(PluginLoader.class);
    /** Stops a jar whose services files list nothing but broken entries from being retried forever. */
    private static final int MAX_ERRORS_PER_TYPE = 100;

    private final PolicyRegistry registry;
    private final PipelineParts parts;
    /** Which jar registered each name, for the error when a later jar tries it again. */
    private final Map<String, String> owners = new HashMap<>();

    private PluginLoader(PolicyRegistry registry, PipelineParts parts) {
        this.registry = registry;
        this.parts = parts;
    }

    /**
     * Registers the policies of every plug-in jar in {@code dir} with {@code registry}, and their filters and
     * scorers with {@code parts}. A missing folder means no plug-ins.
     */
    public static PluginReport load(Path dir, PolicyRegistry registry, PipelineParts parts) {
        List<Path> jars;
        try (Stream<Path> files = Files.isDirectory(dir) ? Files.list(dir) : Stream.empty()) {
            jars = files.filter(p -> p.getFileName().toString().endsWith(".jar") && Files.isRegularFile(p))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
        } catch (IOException e) {
            log.warn("cannot list plug-ins folder {}: {}", dir, e.toString());
            return new PluginReport(dir, List.of(new PluginReport.Jar(dir.toString(), List.of(), List.of(), List.of(),
                    List.of("cannot list the folder: " + e))));
        }
        PluginLoader loader = new PluginLoader(registry, parts);
        List<PluginReport.Jar> reports = new ArrayList<>();
        for (Path jar : jars) reports.add(loader.loadJar(jar));
        return new PluginReport(dir, reports);
    }

    private PluginReport.Jar loadJar(Path jar) {
        String file = jar.getFileName().toString();
        List<String> policies = new ArrayList<>(), filters = new ArrayList<>(), scorers = new ArrayList<>(), errors = new ArrayList<>();
        try (JarFile j = new JarFile(jar.toFile())) {
            j.getManifest(); // read only to refuse a file that is not a jar with a clear error, before a class loader is made of it
        } catch (IOException e) {
            errors.add("not a readable jar: " + e.getMessage());
            return report(file, policies, filters, scorers, errors);
        }
        URLClassLoader classLoader;
        try {
            classLoader = new URLClassLoader("plugin:" + file, new URL[]{jar.toUri().toURL()}, PluginLoader.class.getClassLoader());
        } catch (IOException e) {
            errors.add("cannot open: " + e);
            return report(file, policies, filters, scorers, errors);
        }
        each(PlacementPolicyProvider.class, classLoader, errors, p -> {
            String name = checkFree("policy", p.name(), file, registry.names());
            checkBuilds(p);
            registry.register(name, p.description() == null ? "" : p.description(), p::create);
            owned("policy", name, file, policies);
        });
        each(HostFilterProvider.class, classLoader, errors, p -> {
            String name = checkFree("filter", p.name(), file, parts.filterNames());
            parts.addFilter(p);
            owned("filter", name, file, filters);
        });
        each(HostScorerProvider.class, classLoader, errors, p -> {
            String name = checkFree("scorer", p.name(), file, parts.scorerNames());
            parts.addScorer(p);
            owned("scorer", name, file, scorers);
        });
        if (policies.isEmpty() && filters.isEmpty() && scorers.isEmpty()) {
            close(classLoader); // nothing of it is in use: release the file
            if (errors.isEmpty()) errors.add("offers no placement policy, filter or scorer (no META-INF/services entries)");
        }
        return report(file, policies, filters, scorers, errors);
    }

    /**
     * Runs {@code register} for every provider of {@code type} the jar defines. Providers visible through the
     * parent loader (on Berth's own class path) are skipped: they are not this jar's, and would otherwise be
     * offered again by every jar.
     */
    private static <S> void each(Class<S> type, URLClassLoader jar, List<String> errors, Consumer<S> register) {
        Iterator<ServiceLoader.Provider<S>> providers = ServiceLoader.load(type, jar).stream().iterator();
        int failures = 0;
        while (failures < MAX_ERRORS_PER_TYPE) {
            ServiceLoader.Provider<S> provider;
            try {
                if (!providers.hasNext()) return;
                provider = providers.next();
            } catch (ServiceConfigurationError | LinkageError e) {
                // A listed class is missing or not a provider; the lookup goes on with the next entry.
                failures++;
                errors.add(type.getSimpleName() + ": " + message(e));
                continue;
            }
            if (provider.type().getClassLoader() != jar) continue;
            try {
                register.accept(provider.get());
            } catch (RuntimeException | ServiceConfigurationError | LinkageError e) {
                failures++;
                errors.add(provider.type().getName() + ": " + message(e));
            }
        }
        errors.add(type.getSimpleName() + ": gave up after " + MAX_ERRORS_PER_TYPE + " errors");
    }

    /** Checks a plug-in's name is valid and free; the error says who has it and which jar tried. */
    private String checkFree(String kind, String name, String file, List<String> taken) {
        PipelineParts.checkedName(name);
        String owner = owners.get(kind + ":" + name);
        if (owner != null) {
            throw new IllegalArgumentException(kind + " " + name + " is already offered by " + owner + "; " + file + " tried to register it again");
        }
        if (taken.contains(name)) {
            throw new IllegalArgumentException(kind + " " + name + " is taken by Berth; " + file + " tried to register it again");
        }
        return name;
    }

    private void owned(String kind, String name, String file, List<String> loaded) {
        owners.put(kind + ":" + name, file);
        loaded.add(name);
    }

    /**
     * Builds the policy once with no settings, as the policy list does: a policy that cannot would break that list
     * for every pool. A PolicySettingException is fine here: it means the policy has a required setting.
     */
    private static void checkBuilds(PlacementPolicyProvider p) {
        PlacementController c;
        try {
            c = p.create(new Pool(0, "plugin-check", "", "", p.name(), Map.of()), new PolicySettings(Map.of()));
        } catch (PolicySettingException e) {
            return;
        }
        if (c == null) throw new IllegalStateException("policy " + p.name() + " created no controller (null)");
    }

    private static PluginReport.Jar report(String file, List<String> policies, List<String> filters, List<String> scorers, List<String> errors) {
        PluginReport.Jar r = new PluginReport.Jar(file, policies, filters, scorers, errors);
        if (!policies.isEmpty() || !filters.isEmpty() || !scorers.isEmpty()) {
            log.info("plug-in {}: policies {}, filters {}, scorers {}", file, policies, filters, scorers);
        }
        for (String e : errors) log.warn("plug-in {}: {}", file, e);
        return r;
    }

    private static String message(Throwable e) {
        StringBuilder s = new StringBuilder(e.toString());
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) s.append("; caused by ").append(c);
        return s.toString();
    }

    private static void close(URLClassLoader loader) {
        try {
            loader.close();
        } catch (IOException e) {
            log.debug("closing a plug-in class loader", e);
        }
    }
}
