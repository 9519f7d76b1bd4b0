package io.berth.placement.plugin;

import io.berth.placement.filter.HostFilter;
import io.berth.placement.score.BalanceScorer;
import io.berth.placement.score.CurrentLoadScorer;
import io.berth.placement.score.ForecastHeadroomScorer;
import io.berth.placement.score.HostScorer;
import io.berth.placement.score.PackingScorer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The scorers and extra filters the {@code pipeline} policy can be composed from, by name: Berth's scorers plus
 * whatever plug-ins add. Parts are kept as factories because a controller may keep state in its parts, and every
 * pool gets its own controller.
 */
public final class PipelineParts {
    /** Names appear in settings lists ("a:1,b:2"), so they may not contain ',' or ':'. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final Map<String, Supplier<HostScorer>> scorers = new LinkedHashMap<>();
    private final Map<String, Supplier<HostFilter>> filters = new LinkedHashMap<>();

    /** Berth's scorers: current-load, forecast-headroom, balance and packing; no extra filters. */
    public static PipelineParts withBuiltIns() {
        PipelineParts parts = new PipelineParts();
        parts.putScorer(CurrentLoadScorer::new);
        parts.putScorer(ForecastHeadroomScorer::new);
        parts.putScorer(BalanceScorer::new);
        parts.putScorer(PackingScorer::new);
        return parts;
    }

    /**
     * Adds a plug-in scorer. Builds one to check it: its name must be valid, free, and the one the provider announced.
     *
     * @throws IllegalArgumentException if not
     */
    public void addScorer(HostScorerProvider provider) {
        String name = checkedName(provider.name());
        HostScorer sample = provider.create();
        if (sample == null || !name.equals(sample.name())) {
            throw new IllegalArgumentException("scorer provider " + name + " creates a scorer named "
                    + (sample == null ? "null" : sample.name()) + "; the names must match");
        }
        synchronized (this) {
            if (scorers.putIfAbsent(name, provider::create) != null) throw new IllegalArgumentException("scorer " + name + " already exists");
        }
    }

    /**
     * Adds a plug-in filter, checked like {@link #addScorer}.
     *
     * @throws IllegalArgumentException if its name is invalid, taken, or not its filter's name
     */
    public void addFilter(HostFilterProvider provider) {
        String name = checkedName(provider.name());
        HostFilter sample = provider.create();
        if (sample == null || !name.equals(sample.name())) {
            throw new IllegalArgumentException("filter provider " + name + " creates a filter named "
                    + (sample == null ? "null" : sample.name()) + "; the names must match");
        }
        synchronized (this) {
            if (filters.putIfAbsent(name, provider::create) != null) throw new IllegalArgumentException("filter " + name + " already exists");
        }
    }

    /** A fresh scorer of that name, if there is one. */
    public Optional<HostScorer> newScorer(String name) {
        Supplier<HostScorer> s;
        synchronized (this) {
            s = scorers.get(name);
        }
        return Optional.ofNullable(s).map(Supplier::get);
    }

    /** A fresh filter of that name, if there is one. */
    public Optional<HostFilter> newFilter(String name) {
        Supplier<HostFilter> f;
        synchronized (this) {
            f = filters.get(name);
        }
        return Optional.ofNullable(f).map(Supplier::get);
    }

    public synchronized List<String> scorerNames() {
        return new ArrayList<>(scorers.keySet());
    }

    public synchronized List<String> filterNames() {
        return new ArrayList<>(filters.keySet());
    }

    private void putScorer(Supplier<HostScorer> factory) {
        scorers.put(factory.get().name(), factory);
    }

    static String checkedName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' is not a valid name: 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        return name;
    }
}
