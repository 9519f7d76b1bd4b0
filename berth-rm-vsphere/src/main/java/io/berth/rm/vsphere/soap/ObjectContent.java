package io.berth.rm.vsphere.soap;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One object's properties as the property collector returned them, by property path ("runtime.host"). A property
 * the server left out (unset, or unknown to this vSphere) is simply absent.
 */
public record ObjectContent(MoRef obj, Map<String, XmlNode> properties) {

    public ObjectContent {
        properties = Map.copyOf(properties);
    }

    public Optional<XmlNode> get(String path) {
        return Optional.ofNullable(properties.get(path));
    }

    public Optional<String> string(String path) {
        return get(path).map(XmlNode::text).filter(s -> !s.isEmpty());
    }

    public Optional<Long> number(String path) {
        return string(path).flatMap(s -> {
            try {
                return Optional.of(Long.parseLong(s));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }

    public boolean flag(String path) {
        return string(path).map(Boolean::parseBoolean).orElse(false);
    }

    public Optional<MoRef> ref(String path) {
        return get(path).filter(n -> n.attribute("type") != null).map(XmlNode::moRef);
    }

    /** An ArrayOfManagedObjectReference property. */
    public List<MoRef> refs(String path) {
        return get(path).map(n -> n.children().stream().filter(c -> c.attribute("type") != null).map(XmlNode::moRef).toList())
                .orElse(List.of());
    }

    /** Reads the objects of a RetrievePropertiesEx (or Continue...) result. */
    static ObjectContent from(XmlNode objects) {
        MoRef obj = objects.child("obj").map(XmlNode::moRef).orElseThrow(() -> new IllegalStateException("an object without obj"));
        Map<String, XmlNode> props = new java.util.HashMap<>();
        for (XmlNode p : objects.children("propSet")) {
            String name = p.text("name").orElse(null);
            XmlNode val = p.child("val").orElse(null);
            if (name != null && val != null) props.put(name, val);
        }
        return new ObjectContent(obj, props);
    }
}
