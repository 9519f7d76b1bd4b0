package io.berth.rm.vsphere.soap;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An element of a response, namespace prefixes dropped. Readers ask for the children they know and never see the
 * others, so a newer vSphere that adds elements (or the simulator that leaves some out) breaks nothing.
 *
 * @param name       the local name ("returnval", "propSet")
 * @param xsiType    the xsi:type attribute without its prefix ("ManagedObjectReference", "string"), or null
 * @param attributes attributes outside any namespace (a reference's {@code type})
 * @param text       the element's own text, trimmed ("" when it has none)
 */
public record XmlNode(String name, String xsiType, Map<String, String> attributes, String text, List<XmlNode> children) {

    public XmlNode {
        attributes = Map.copyOf(attributes);
        children = List.copyOf(children);
    }

    /** The first child of that name, if any. */
    public Optional<XmlNode> child(String childName) {
        for (XmlNode c : children) if (c.name.equals(childName)) return Optional.of(c);
        return Optional.empty();
    }

    /** Every child of that name, in document order. */
    public List<XmlNode> children(String childName) {
        return children.stream().filter(c -> c.name.equals(childName)).toList();
    }

    /** The text of the first child of that name, if there is such a child. */
    public Optional<String> text(String childName) {
        return child(childName).map(XmlNode::text);
    }

    /** Follows a path of child names ("info/error/localizedMessage"). */
    public Optional<XmlNode> at(String path) {
        Optional<XmlNode> node = Optional.of(this);
        for (String step : path.split("/")) node = node.flatMap(n -> n.child(step));
        return node;
    }

    public String attribute(String attributeName) {
        return attributes.get(attributeName);
    }

    /** Reads this element as a managed object reference (its {@code type} attribute and its text). */
    public MoRef moRef() {
        String type = attributes.get("type");
        if (type == null) throw new IllegalStateException("element " + name + " is not a managed object reference");
        return new MoRef(type, text);
    }

    /** The element's value for people: its text, or for a structure the names of its children. */
    @Override
    public String toString() {
        return children.isEmpty() ? name + "=" + text : name + children.stream().map(XmlNode::name).toList();
    }
}
