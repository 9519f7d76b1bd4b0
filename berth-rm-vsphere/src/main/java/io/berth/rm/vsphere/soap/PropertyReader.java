package io.berth.rm.vsphere.soap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads properties through the property collector: of every object of a type below a container (through a
 * ContainerView, page by page with RetrievePropertiesEx and ContinueRetrievePropertiesEx), or of one object.
 */
public final class PropertyReader {
    private static final Logger log = LoggerFactory.getLogger(PropertyReader.class);
    static final int PAGE_SIZE = 500;

    private final VimSession session;

    public PropertyReader(VimSession session) {
        this.session = session;
    }

    /** The given properties of every {@code type} object anywhere below {@code container}. */
    public List<ObjectContent> all(MoRef container, String type, List<String> paths) throws VimException {
        ServiceContent sc = session.content();
        XmlNode created = session.call(XmlElement.of("CreateContainerView")
                .add(XmlElement.ref("_this", sc.viewManager()))
                .add(XmlElement.ref("container", container))
                .add("type", type)
                .add("recursive", true));
        MoRef view = created.child("returnval").map(XmlNode::moRef)
                .orElseThrow(() -> new SoapFault("CreateContainerView", "InvalidResponse", "no view returned", null));
        try {
            XmlElement objectSet = XmlElement.of("objectSet")
                    .add(XmlElement.ref("obj", view))
                    .add("skip", true)
                    .add(XmlElement.of("selectSet").xsiType("TraversalSpec")
                            .add("name", "view").add("type", "ContainerView").add("path", "view").add("skip", false));
            return retrieve(XmlElement.of("specSet").add(propSet(type, paths)).add(objectSet));
        } finally {
            destroy(view);
        }
    }

    /** The given properties of one object; empty if the object does not exist (any more). */
    public Optional<ObjectContent> one(MoRef obj, List<String> paths) throws VimException {
        try {
            List<ObjectContent> found = retrieve(XmlElement.of("specSet").add(propSet(obj.type(), paths))
                    .add(XmlElement.of("objectSet").add(XmlElement.ref("obj", obj)).add("skip", false)));
            return found.stream().filter(o -> o.obj().equals(obj)).findFirst()
                    .or(() -> Optional.of(new ObjectContent(obj, java.util.Map.of()))); // exists, all properties unset
        } catch (SoapFault f) {
            if (f.is("ManagedObjectNotFound")) return Optional.empty();
            throw f;
        }
    }

    private static XmlElement propSet(String type, List<String> paths) {
        XmlElement spec = XmlElement.of("propSet").add("type", type).add("all", false);
        for (String p : paths) spec.add("pathSet", p);
        return spec;
    }

    private List<ObjectContent> retrieve(XmlElement specSet) throws VimException {
        MoRef collector = session.content().propertyCollector();
        XmlNode page = session.read(XmlElement.of("RetrievePropertiesEx")
                .add(XmlElement.ref("_this", collector))
                .add(specSet)
                .add(XmlElement.of("options").add("maxObjects", PAGE_SIZE)));
        List<ObjectContent> out = new ArrayList<>();
        Optional<String> token = collect(page, out);
        while (token.isPresent()) {
            page = session.read(XmlElement.of("ContinueRetrievePropertiesEx")
                    .add(XmlElement.ref("_this", collector))
                    .add("token", token.get()));
            token = collect(page, out);
        }
        return out;
    }

    /** Adds a page's objects; returns the token of the next page, if there is one. */
    private static Optional<String> collect(XmlNode response, List<ObjectContent> out) {
        Optional<XmlNode> result = response.child("returnval");
        if (result.isEmpty()) return Optional.empty(); // nothing matched
        for (XmlNode o : result.get().children("objects")) out.add(ObjectContent.from(o));
        return result.get().text("token").filter(t -> !t.isEmpty());
    }

    private void destroy(MoRef view) {
        try {
            session.call(XmlElement.of("DestroyView").add(XmlElement.ref("_this", view)));
        } catch (VimException e) {
            log.debug("could not destroy view {}: {}", view, e.getMessage()); // it dies with the session anyway
        }
    }
}
