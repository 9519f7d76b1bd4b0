package io.berth.placement.remote;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.core.domain.Image;
import io.berth.core.domain.PlacementGroup;
import io.berth.core.resource.CandidateHost;
import io.berth.core.resource.PlacementRequest;
import io.berth.metrics.HostLoad;
import io.berth.placement.HostTable;
import io.berth.placement.PlacementContext;
import io.berth.placement.filter.FilterChain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The body Berth POSTs to a remote placement service, protocol version 1 (docs/placement-protocol). Records mirror
 * the JSON one to one, so this file and request.schema.json are the two places the format is written down.
 * Numbers that are unknown (no samples yet: NaN, never sampled: infinite age) are sent as null, since JSON has no NaN.
 */
record ProtocolRequest(int protocolVersion, long reservationId, PoolJson pool, ImageJson image, WindowJson window,
                       boolean tentative, GroupJson group, List<CandidateJson> candidates, List<RejectedJson> rejected) {

    static final int VERSION = 1;
    // Trailing tokens after the answer mean a garbled body, not an answer.
    static final ObjectMapper MAPPER = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    record PoolJson(long id, String name, Map<String, String> settings) {}

    record ImageJson(long id, String name, Map<String, Long> minimum, Map<String, Double> overcommitLimits) {}

    record WindowJson(String start, String end) {}

    record GroupJson(String name, String kind) {}

    record CandidateJson(long hostId, String name, String state, Map<String, Long> capacity, Map<String, Long> used,
                         Map<String, Long> free, LoadJson load, double addedCpu) {}

    record LoadJson(Double cpu, Double cpuEwma, Double cpuP50, Double cpuP95, Double cpuMad, Double cpuIqr, Double cpuForecast,
                    Double memory, Double pendingCpu, Double ageSeconds, boolean stale, Integer vmCount) {
        static LoadJson of(HostLoad l) {
            return new LoadJson(num(l.cpu()), num(l.cpuEwma()), num(l.cpuP50()), num(l.cpuP95()), num(l.cpuMad()),
                    num(l.cpuIqr()), num(l.cpuForecast()), num(l.memoryFraction()), num(l.pendingCpu()), num(l.ageSeconds()),
                    l.stale(), l.vmCount() < 0 ? null : l.vmCount());
        }
    }

    record RejectedJson(long hostId, String name, String filter, String reason) {}

    /**
     * @param rejectedBy   the hard filters' verdicts ({@link FilterChain#apply})
     * @param sendRejected whether rejected hosts go out too: as candidates, and with their reasons in "rejected"
     */
    static ProtocolRequest of(PlacementContext context, FilterChain filters, int[] rejectedBy, boolean sendRejected) {
        PlacementRequest r = context.request();
        HostTable t = context.hosts();
        Image img = r.image();
        PlacementGroup g = r.group();
        List<CandidateJson> candidates = new ArrayList<>();
        List<RejectedJson> rejected = new ArrayList<>();
        for (int i = 0; i < t.size; i++) {
            boolean eligible = rejectedBy[i] < 0;
            if (!eligible && !sendRejected) continue;
            CandidateHost c = t.hosts[i];
            candidates.add(new CandidateJson(t.hostId[i], c.host().name(), t.state[i].name(), sorted(c.host().capacity().amounts()),
                    sorted(c.used().amounts()), sorted(c.free().amounts()), t.hasLoad() ? LoadJson.of(t.load[i]) : null,
                    t.addedCpu[i]));
            if (!eligible) {
                var f = filters.filters().get(rejectedBy[i]);
                rejected.add(new RejectedJson(t.hostId[i], c.host().name(), f.name(), f.reason(t, context, i)));
            }
        }
        return new ProtocolRequest(VERSION, r.reservationId(),
                new PoolJson(context.pool().id(), context.pool().name(), new TreeMap<>(context.pool().policySettings())),
                new ImageJson(img.id(), img.name(), sorted(img.minimum().amounts()), new TreeMap<>(img.overcommitLimits())),
                new WindowJson(r.window().start().toString(), r.window().end().toString()), r.tentative(),
                g == null ? null : new GroupJson(g.name(), g.kind().name()), candidates, rejected);
    }

    String toJson() {
        try {
            return MAPPER.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a placement request as JSON", e); // records of plain values: a bug
        }
    }

    private static Map<String, Long> sorted(Map<String, Long> amounts) {
        return new TreeMap<>(amounts);
    }

    private static Double num(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
