package io.berth.placement.policy;

import io.berth.core.resource.PolicySettingException;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a pool's policy settings (strings, as stored) with validation that names the setting at fault. Keeps
 * track of what it was asked for, so {@link #rejectUnknown()} can refuse typos instead of ignoring them.
 */
public final class PolicySettings {
    private final Map<String, String> raw;
    private final Map<String, String> known = new LinkedHashMap<>();

    public PolicySettings(Map<String, String> raw) {
        this.raw = Map.copyOf(raw);
    }

    public double number(String key, double fallback, double min, double max, String meaning) {
        known.put(key, meaning + " (default " + fallback + ")");
        String v = raw.get(key);
        if (v == null) return fallback;
        try {
            double d = Double.parseDouble(v.trim());
            if (!(d >= min && d <= max)) throw new PolicySettingException(key, key + " must be between " + min + " and " + max + ", not " + v);
            return d;
        } catch (NumberFormatException e) {
            throw new PolicySettingException(key, key + " must be a number, not '" + v + "'");
        }
    }

    public int integer(String key, int fallback, int min, int max, String meaning) {
        double d = number(key, fallback, min, max, meaning);
        known.put(key, meaning + " (default " + fallback + ")");
        if (d != Math.rint(d)) throw new PolicySettingException(key, key + " must be a whole number");
        return (int) d;
    }

    public String choice(String key, String fallback, Set<String> allowed, String meaning) {
        known.put(key, meaning + " (one of " + new TreeSet<>(allowed) + ", default " + fallback + ")");
        String v = raw.getOrDefault(key, fallback).trim();
        if (!allowed.contains(v)) throw new PolicySettingException(key, key + " must be one of " + new TreeSet<>(allowed) + ", not '" + v + "'");
        return v;
    }

    /** A free-text setting (a URL, a list); the caller validates its content and names the key in any error. */
    public String text(String key, String fallback, String meaning) {
        known.put(key, meaning + (fallback == null || fallback.isEmpty() ? "" : " (default " + fallback + ")"));
        String v = raw.get(key);
        return v == null ? fallback : v.trim();
    }

    /** The settings asked for so far, with their meaning: what a pool of this policy can set. */
    public Map<String, String> known() {
        return Map.copyOf(known);
    }

    public void rejectUnknown() {
        for (String key : raw.keySet()) {
            if (!known.containsKey(key)) {
                throw new PolicySettingException(key, "unknown setting '" + key + "'; this policy takes " + new TreeSet<>(known.keySet()));
            }
        }
    }
}
