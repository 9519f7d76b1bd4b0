package io.berth.core.resource;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;

/** The resource managers of this Berth instance, by resource type. */
public final class ResourceManagers {
    private final Map<String, ResourceManager> byType = new LinkedHashMap<>();

    public ResourceManagers(Collection<? extends ResourceManager> managers) {
        for (ResourceManager m : managers) {
            if (byType.putIfAbsent(m.resourceType(), m) != null) {
                throw new IllegalArgumentException("two resource managers for type " + m.resourceType());
            }
        }
    }

    public ResourceManager forType(String resourceType) {
        ResourceManager m = byType.get(resourceType);
        if (m == null) throw new NoSuchElementException("no resource manager for resource type '" + resourceType + "'");
        return m;
    }

    public boolean supports(String resourceType) {
        return byType.containsKey(resourceType);
    }

    public Collection<ResourceManager> all() {
        return byType.values();
    }
}
