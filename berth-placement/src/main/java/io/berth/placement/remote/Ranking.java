package io.berth.placement.remote;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * A remote service's answer: hosts in preference order, each with an optional score and reason, and an optional note.
 * Parsing checks the shape by hand (rather than binding) so the fallback reason can say exactly what was wrong.
 * Unknown fields are ignored, so a service may add its own.
 */
record Ranking(List<Ranked> hosts, String note) {

    record Ranked(long hostId, Double score, String reason) {}

    Ranking {
        hosts = List.copyOf(hosts);
    }

    static Ranking parse(String body) throws RemoteFailure {
        JsonNode root;
        try {
            root = ProtocolRequest.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new RemoteFailure("malformed JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) throw schema("the response is not a JSON object");
        JsonNode ranking = root.get("ranking");
        if (ranking == null || !ranking.isArray()) throw schema("\"ranking\" is missing or not an array");
        List<Ranked> hosts = new ArrayList<>();
        for (int k = 0; k < ranking.size(); k++) {
            JsonNode e = ranking.get(k);
            if (!e.isObject()) throw schema("ranking[" + k + "] is not an object");
            JsonNode id = e.get("hostId");
            if (id == null || !id.canConvertToLong() || !id.isIntegralNumber()) throw schema("ranking[" + k + "].hostId is missing or not an integer");
            JsonNode score = e.get("score");
            if (score != null && !score.isNull() && !score.isNumber()) throw schema("ranking[" + k + "].score is not a number");
            JsonNode reason = e.get("reason");
            if (reason != null && !reason.isNull() && !reason.isTextual()) throw schema("ranking[" + k + "].reason is not a string");
            hosts.add(new Ranked(id.asLong(), score == null || score.isNull() ? null : score.asDouble(),
                    reason == null || reason.isNull() ? null : reason.asText()));
        }
        JsonNode note = root.get("note");
        if (note != null && !note.isNull() && !note.isTextual()) throw schema("\"note\" is not a string");
        if (hosts.isEmpty()) throw new RemoteFailure("the ranking is empty");
        return new Ranking(hosts, note == null || note.isNull() ? null : note.asText());
    }

    private static RemoteFailure schema(String what) {
        return new RemoteFailure("the response does not follow the protocol: " + what);
    }
}
