package io.berth.placement.remote;

import io.berth.core.resource.PlacementDecision;
import io.berth.placement.HostTable;
import io.berth.placement.PlacementContext;
import io.berth.placement.PlacementController;
import io.berth.placement.filter.FilterChain;
import io.berth.placement.filter.LiveLoadFilter;
import io.berth.placement.remote.Ranking.Ranked;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One pool's {@code http} controller. Berth applies the hard filters itself (a service cannot overrule capacity,
 * host state or placement groups), sends what passed, and takes the first ranked host that is eligible. Any failure
 * hands the decision to the fallback policy, and the explanation says why.
 */
final class RemoteController implements PlacementController {
    private static final Logger log = LoggerFactory.getLogger(RemoteController.class);

    /** The standard hard rules, and no placement on hosts without recent load samples. */
    private final FilterChain filters = FilterChain.standard().with(new LiveLoadFilter(0));
    private final RemoteSettings settings;
    private final RemoteCall call;
    private final PlacementController fallback;

    RemoteController(RemoteSettings settings, RemoteCall call, PlacementController fallback) {
        this.settings = settings;
        this.call = call;
        this.fallback = fallback;
    }

    @Override
    public String name() {
        return RemotePolicy.NAME;
    }

    /** The service is sent live load; and the fallback may be a load-aware policy. */
    @Override
    public boolean usesLiveLoad() {
        return true;
    }

    @Override
    public PlacementDecision place(PlacementContext context) {
        HostTable t = context.hosts();
        int[] rejectedBy = filters.apply(t, context);
        RemoteExplanation explain = new RemoteExplanation(context, filters, rejectedBy, settings);
        if (explain.eligible() == 0) return new PlacementDecision.NoHost(explain.noneEligible());
        long start = System.nanoTime();
        try {
            String body = ProtocolRequest.of(context, filters, rejectedBy, settings.sendRejected()).toJson();
            Ranking ranking = Ranking.parse(call.post(body));
            return choose(context, ranking, rejectedBy, explain, (System.nanoTime() - start) / 1_000_000);
        } catch (RemoteFailure failure) {
            log.warn("placement service {} failed for pool {}: {}; falling back to {}", settings.url(), context.pool().name(),
                    failure.getMessage(), settings.fallback());
            return explain.fellBack(fallback.place(context), failure.getMessage());
        }
    }

    private PlacementDecision choose(PlacementContext context, Ranking ranking, int[] rejectedBy, RemoteExplanation explain,
                                     long millis) throws RemoteFailure {
        HostTable t = context.hosts();
        Map<Long, Integer> index = new HashMap<>();
        for (int i = 0; i < t.size; i++) index.put(t.hostId[i], i);
        Map<Integer, Ranked> ranked = new LinkedHashMap<>();
        List<String> ignored = new ArrayList<>();
        int pick = -1;
        for (Ranked r : ranking.hosts()) {
            Integer i = index.get(r.hostId());
            if (i == null) {
                ignored.add("host " + r.hostId() + " (not a candidate in pool " + context.pool().name() + ")");
            } else if (ranked.putIfAbsent(i, r) == null) { // a host ranked twice counts where it first appears
                if (rejectedBy[i] >= 0) {
                    ignored.add(t.hosts[i].host().name() + " (rejected by " + filters.filters().get(rejectedBy[i]).name() + ")");
                } else if (pick < 0) {
                    pick = i;
                }
            }
        }
        if (pick < 0) throw new RemoteFailure("no eligible host in the ranking (ignored: " + RemoteExplanation.listed(ignored) + ")");
        return new PlacementDecision.Chosen(t.hosts[pick], explain.chosen(pick, ranked, ranking.note(), ignored, millis));
    }
}
