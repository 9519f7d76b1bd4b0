package io.berth.store.jdbc;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.berth.core.domain.Resources;

import java.util.Map;

/**
 * JSON documents kept in text columns. Instants are ISO-8601 strings with all their digits, so nested
 * timestamps (e.g. in a placement explanation) round-trip exactly, unlike timestamp columns.
 */
final class Json {
    private static final TypeReference<Map<String, Long>> AMOUNTS = new TypeReference<>() {};

    // Buffers recycled through a shared pool: the default pool is per thread, and requests run on short-lived virtual threads.
    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool()).build())
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            // Records without components (ReservationEvent.Closed) are written as {}.
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            // Documents written by a newer Berth with an added field still load.
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private Json() {}

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new StoreException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    static <T> T read(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new StoreException("stored JSON is not a valid " + type.getSimpleName() + ": " + json, e);
        }
    }

    static <T> T read(String json, TypeReference<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new StoreException("stored JSON is not a valid " + type.getType() + ": " + json, e);
        }
    }

    /** Resources are stored as their plain amounts map, e.g. {"VCPU":2,"GPU_A100":1}. */
    static String writeResources(Resources resources) {
        return write(resources.amounts());
    }

    static Resources readResources(String json) {
        return new Resources(read(json, AMOUNTS));
    }
}
