package io.berth.rm.vsphere.soap;

/**
 * The managers of a vSphere endpoint that Berth uses, and what the endpoint is.
 *
 * @param apiType "VirtualCenter" for vCenter, "HostAgent" for a standalone ESX host
 */
public record ServiceContent(MoRef rootFolder, MoRef propertyCollector, MoRef viewManager, MoRef sessionManager,
                             MoRef searchIndex, MoRef perfManager, String apiType, String apiVersion, String fullName) {

    public boolean isVCenter() {
        return "VirtualCenter".equals(apiType);
    }

    static ServiceContent from(XmlNode returnval) {
        XmlNode about = returnval.child("about").orElseThrow(() -> new IllegalStateException("the service content has no 'about'"));
        return new ServiceContent(ref(returnval, "rootFolder"), ref(returnval, "propertyCollector"), ref(returnval, "viewManager"),
                ref(returnval, "sessionManager"), ref(returnval, "searchIndex"),
                returnval.child("perfManager").map(XmlNode::moRef).orElse(null),
                about.text("apiType").orElse("unknown"), about.text("apiVersion").orElse("unknown"),
                about.text("fullName").orElse("unknown"));
    }

    private static MoRef ref(XmlNode n, String name) {
        return n.child(name).map(XmlNode::moRef)
                .orElseThrow(() -> new IllegalStateException("the service content has no " + name + "; is this a vSphere endpoint?"));
    }
}
