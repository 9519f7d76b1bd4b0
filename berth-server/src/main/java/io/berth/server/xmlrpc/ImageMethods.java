package io.berth.server.xmlrpc;

import io.berth.core.admin.ImageService;
import io.berth.core.domain.Image;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** XMLRPCaffiliations, XMLRPCtest and XMLRPCgetImages. */
final class ImageMethods {
    /** Berth has one affiliation; VCL numbers affiliations from 1. */
    static final int AFFILIATION_ID = 1;

    private final ImageService images;

    ImageMethods(ImageService images) {
        this.images = images;
    }

    void register(XmlRpcDispatcher d) {
        d.add("XMLRPCaffiliations", 0, 0, "", (c, p) -> affiliations(c));
        d.add("XMLRPCtest", 1, 1, "string", (c, p) -> {
            Map<String, Object> r = Vcl.success();
            r.put("message", "RPC call worked successfully");
            r.put("string", p.text(0, "string"));
            return r;
        });
        d.add("XMLRPCgetImages", 0, 0, "", (c, p) -> getImages(c));
    }

    static List<Map<String, Object>> affiliations(VclCaller caller) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("id", AFFILIATION_ID);
        a.put("name", caller.affiliation());
        return List.of(a);
    }

    private List<Map<String, Object>> getImages(VclCaller caller) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Image i : images.visibleTo(caller.user())) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", (int) i.id());
            m.put("name", i.name());
            m.put("description", i.description());
            m.put("usage", ""); // Berth keeps no separate usage notes
            m.put("ostype", osType(i.os()));
            out.add(m);
        }
        return out;
    }

    /** VCL's OS families, guessed from Berth's free-text OS name. */
    static String osType(String os) {
        String s = os == null ? "" : os.toLowerCase(Locale.ROOT);
        if (s.contains("windows")) return "windows";
        if (s.contains("mac") || s.contains("os x")) return "osx";
        if (s.matches(".*(linux|ubuntu|debian|rocky|centos|fedora|alma|rhel|red hat|suse).*")) return "linux";
        return s.isBlank() ? "" : "unix";
    }
}
