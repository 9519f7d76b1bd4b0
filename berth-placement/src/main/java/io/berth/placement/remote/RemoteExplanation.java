package io.berth.placement.remote;

import io.berth.core.resource.PlacementDecision;
import io.berth.core.resource.PlacementExplanation;
import io.berth.core.resource.PlacementExplanation.Candidate;
import io.berth.placement.HostTable;
import io.berth.placement.PlacementContext;
import io.berth.placement.filter.FilterChain;
import io.berth.placement.remote.Ranking.Ranked;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Explanations of the {@code http} policy: the remote choice with the service's scores and reasons next to the live
 * metrics it was sent, or the fallback's explanation with why it had to decide. Past {@code explainAllBelow} hosts
 * only the pick, the best ranked and a few rejections per filter are listed, as in the pipeline's explanations.
 */
final class RemoteExplanation {
    static final int RANKED_KEPT = 10;
    private static final int REJECTIONS_KEPT_PER_FILTER = 3;
    private static final int IGNORED_LISTED = 10;

    private final PlacementContext context;
    private final FilterChain filters;
    private final int[] rejectedBy;
    private final RemoteSettings settings;

    RemoteExplanation(PlacementContext context, FilterChain filters, int[] rejectedBy, RemoteSettings settings) {
        this.context = context;
        this.filters = filters;
        this.rejectedBy = rejectedBy;
        this.settings = settings;
    }

    /**
     * @param ranked  host index → its entry, in the service's order (first entry per host)
     * @param ignored ranked hosts that are not eligible, described
     */
    PlacementExplanation chosen(int pick, Map<Integer, Ranked> ranked, String note, List<String> ignored, long millis) {
        HostTable t = context.hosts();
        Map<String, String> notes = common();
        notes.put("ranked", Integer.toString(ranked.size()));
        notes.put("ranking", String.join(",", ranked.keySet().stream().limit(RANKED_KEPT).map(i -> t.hosts[i].host().name()).toList())
                + (ranked.size() > RANKED_KEPT ? ",..." : ""));
        if (!ignored.isEmpty()) notes.put("ignored", listed(ignored));
        if (note != null && !note.isBlank()) notes.put("note", note);
        notes.put("latencyMs", Long.toString(millis));
        Ranked r = ranked.get(pick);
        String summary = "picked " + t.hosts[pick].host().name() + ", the placement service's first eligible choice"
                + (r.score() == null ? "" : String.format(" (score %.3f)", r.score()))
                + " among " + eligible() + " eligible of " + t.size + " host(s)"
                + (ignored.isEmpty() ? "" : "; ignored " + ignored.size() + " ranked host(s) that are not eligible");
        return new PlacementExplanation(RemotePolicy.NAME, context.now(), candidates(pick, ranked), t.hostId[pick], summary, notes);
    }

    /** Every host failed the hard filters: there is nothing to ask the service about. */
    PlacementExplanation noneEligible() {
        String summary = "no host in pool " + context.pool().name() + " passed the filters; the placement service was not asked";
        return new PlacementExplanation(RemotePolicy.NAME, context.now(), candidates(-1, Map.of()), null, summary, common());
    }

    /** The fallback's decision, re-labelled: same host and candidates, with the failure in the summary and notes. */
    PlacementDecision fellBack(PlacementDecision decision, String reason) {
        PlacementExplanation e = decision.explanation();
        Map<String, String> notes = new LinkedHashMap<>(e.notes());
        notes.put("remote", settings.url().toString());
        notes.put("fallback", settings.fallback());
        notes.put("fallbackReason", reason);
        String summary = "placement service failed (" + reason + "); fell back to " + settings.fallback() + ": " + e.summary();
        var explanation = new PlacementExplanation(RemotePolicy.NAME, e.decidedAt(), e.candidates(), e.pickedHostId(), summary, notes);
        return decision instanceof PlacementDecision.Chosen c
                ? new PlacementDecision.Chosen(c.host(), explanation)
                : new PlacementDecision.NoHost(explanation);
    }

    private List<Candidate> candidates(int pick, Map<Integer, Ranked> ranked) {
        HostTable t = context.hosts();
        boolean everyone = t.size <= settings.explainAllBelow();
        List<Integer> topRanked = ranked.keySet().stream().limit(RANKED_KEPT).toList();
        int[] rejectionsKept = new int[filters.filters().size()];
        List<Candidate> out = new ArrayList<>();
        for (int i = 0; i < t.size; i++) {
            var host = t.hosts[i];
            if (rejectedBy[i] >= 0) {
                if (!everyone && rejectionsKept[rejectedBy[i]]++ >= REJECTIONS_KEPT_PER_FILTER) continue;
                var f = filters.filters().get(rejectedBy[i]);
                out.add(Candidate.rejected(host.host().id(), host.host().name(), host.pool().name(), f.name(), f.reason(t, context, i)));
            } else if (everyone || i == pick || topRanked.contains(i)) {
                Ranked r = ranked.get(i);
                Map<String, Double> scores = r == null || r.score() == null ? Map.of() : Map.of("remote", r.score());
                out.add(new Candidate(host.host().id(), host.host().name(), host.pool().name(), null, r == null ? null : r.reason(),
                        scores, t.metrics(i), t.metricsAge(i)));
            }
        }
        return out;
    }

    private Map<String, String> common() {
        HostTable t = context.hosts();
        Map<String, String> notes = new LinkedHashMap<>();
        notes.put("pool", context.pool().name());
        notes.put("remote", settings.url().toString());
        notes.put("filters", String.join(",", filters.names()));
        notes.put("candidates", Integer.toString(t.size));
        notes.put("eligible", Integer.toString(eligible()));
        int[] counts = new int[filters.filters().size()];
        for (int i = 0; i < t.size; i++) if (rejectedBy[i] >= 0) counts[rejectedBy[i]]++;
        for (int f = 0; f < counts.length; f++) {
            if (counts[f] > 0) notes.put("rejected." + filters.filters().get(f).name(), Integer.toString(counts[f]));
        }
        return notes;
    }

    /** The first few, and how many more: a service ranking thousands of unknown hosts must not bloat the explanation. */
    static String listed(List<String> ignored) {
        if (ignored.size() <= IGNORED_LISTED) return String.join("; ", ignored);
        return String.join("; ", ignored.subList(0, IGNORED_LISTED)) + "; and " + (ignored.size() - IGNORED_LISTED) + " more";
    }

    int eligible() {
        int n = 0;
        for (int r : rejectedBy) if (r < 0) n++;
        return n;
    }
}
