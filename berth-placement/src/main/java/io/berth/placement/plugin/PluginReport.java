package io.berth.placement.plugin;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@link PluginLoader#load} found: per jar, what it registered and what went wrong. A broken jar does not
 * stop Berth, so this report (and the log) is where an admin learns why a plug-in is missing.
 *
 * @param dir  the plug-ins folder read
 * @param jars one entry per {@code *.jar}, in load order (by file name)
 */
public record PluginReport(Path dir, List<Jar> jars) {
    public PluginReport {
        jars = List.copyOf(jars);
    }

    /** The names one jar registered, and its errors (a jar may do both: one bad provider does not sink the others). */
    public record Jar(String file, List<String> policies, List<String> filters, List<String> scorers, List<String> errors) {
        public Jar {
            policies = List.copyOf(policies);
            filters = List.copyOf(filters);
            scorers = List.copyOf(scorers);
            errors = List.copyOf(errors);
        }

        public boolean ok() {
            return errors.isEmpty();
        }
    }

    public boolean ok() {
        return jars.stream().allMatch(Jar::ok);
    }

    /** Every error, prefixed with its jar's file name. */
    public List<String> errors() {
        return jars.stream().flatMap(j -> j.errors().stream().map(e -> j.file() + ": " + e)).toList();
    }

    public List<String> policies() {
        return jars.stream().flatMap(j -> j.policies().stream()).toList();
    }
}
