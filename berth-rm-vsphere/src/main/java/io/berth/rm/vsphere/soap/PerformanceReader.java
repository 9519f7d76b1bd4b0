package io.berth.rm.vsphere.soap;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads real-time counters through the PerformanceManager: counter ids are looked up once by name
 * ("group.counter.rollup", e.g. "cpu.usage.average"), then one QueryPerf asks for the newest sample of many
 * entities at once.
 */
public final class PerformanceReader {
    /** vSphere's real-time statistics interval. */
    public static final int REAL_TIME_SECONDS = 20;

    private final VimSession session;
    private final PropertyReader properties;
    private volatile Map<String, Integer> counterIds;

    public PerformanceReader(VimSession session, PropertyReader properties) {
        this.session = session;
        this.properties = properties;
    }

    /** Counter ids by name; throws a SoapFault (NotSupported) if the endpoint has no performance manager. */
    public Map<String, Integer> counters() throws VimException {
        Map<String, Integer> ids = counterIds;
        if (ids != null) return ids;
        MoRef perf = session.content().perfManager();
        if (perf == null) throw new SoapFault("QueryPerf", "NotSupported", "the endpoint has no performance manager", null);
        Map<String, Integer> found = new HashMap<>();
        properties.one(perf, List.of("perfCounter")).flatMap(o -> o.get("perfCounter")).ifPresent(list -> {
            for (XmlNode c : list.children()) {
                Optional<String> group = c.at("groupInfo/key").map(XmlNode::text);
                Optional<String> name = c.at("nameInfo/key").map(XmlNode::text);
                Optional<String> rollup = c.text("rollupType");
                Optional<String> key = c.text("key");
                if (group.isPresent() && name.isPresent() && rollup.isPresent() && key.isPresent()) {
                    try {
                        found.putIfAbsent(group.get() + "." + name.get() + "." + rollup.get(), Integer.parseInt(key.get()));
                    } catch (NumberFormatException ignored) {
                        // a counter we could not use anyway
                    }
                }
            }
        });
        counterIds = Map.copyOf(found);
        return counterIds;
    }

    /**
     * The newest sample of each entity, for the counters the endpoint knows (others are left out). An entity
     * without data in the interval is missing from the answer.
     */
    public List<EntitySample> newest(List<MoRef> entities, List<String> counterNames, int intervalSeconds) throws VimException {
        if (entities.isEmpty()) return List.of();
        Map<String, Integer> ids = counters();
        Map<Integer, String> names = new HashMap<>();
        for (String n : counterNames) if (ids.containsKey(n)) names.put(ids.get(n), n);
        if (names.isEmpty()) throw new SoapFault("QueryPerf", "NotSupported", "none of the counters " + counterNames + " exists here", null);
        XmlElement query = XmlElement.of("QueryPerf").add(XmlElement.ref("_this", session.content().perfManager()));
        for (MoRef e : entities) {
            XmlElement spec = XmlElement.of("querySpec").add(XmlElement.ref("entity", e)).add("maxSample", 1);
            for (int id : names.keySet()) spec.add(XmlElement.of("metricId").add("counterId", id).add("instance", ""));
            query.add(spec.add("intervalId", intervalSeconds));
        }
        List<EntitySample> out = new ArrayList<>();
        for (XmlNode metric : session.read(query).children("returnval")) sample(metric, names).ifPresent(out::add);
        return out;
    }

    /** The newest column of a PerfEntityMetric (servers differ in whether they list samples oldest or newest first). */
    private static Optional<EntitySample> sample(XmlNode metric, Map<Integer, String> names) {
        Optional<MoRef> entity = metric.child("entity").map(XmlNode::moRef);
        List<XmlNode> infos = metric.children("sampleInfo");
        if (entity.isEmpty() || infos.isEmpty()) return Optional.empty();
        int newest = -1;
        Instant newestAt = null;
        for (int i = 0; i < infos.size(); i++) {
            Instant at = instant(infos.get(i).text("timestamp").orElse(""));
            if (at != null && (newestAt == null || at.isAfter(newestAt))) {
                newest = i;
                newestAt = at;
            }
        }
        if (newest < 0) return Optional.empty();
        Map<String, Long> values = new HashMap<>();
        for (XmlNode series : metric.children("value")) {
            Optional<Integer> id = series.at("id/counterId").map(XmlNode::text).map(PerformanceReader::integer);
            List<XmlNode> points = series.children("value");
            if (id.isEmpty() || id.get() == null || !names.containsKey(id.get()) || newest >= points.size()) continue;
            Long v = longValue(points.get(newest).text());
            if (v != null && v >= 0) values.put(names.get(id.get()), v); // -1: no data for that sample
        }
        return Optional.of(new EntitySample(entity.get(), newestAt, values));
    }

    private static Integer integer(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Long longValue(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Instant instant(String s) {
        try {
            return java.time.OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
