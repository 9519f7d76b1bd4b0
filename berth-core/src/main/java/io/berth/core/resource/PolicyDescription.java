package io.berth.core.resource;

import java.util.Map;

/** A placement policy a pool may use, as its resource manager describes it: name, what it does, its settings. */
public record PolicyDescription(String name, String description, Map<String, String> settings) {
    public PolicyDescription {
        settings = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(settings)); // listed by name
    }
}
