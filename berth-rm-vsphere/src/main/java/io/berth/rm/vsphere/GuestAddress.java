package io.berth.rm.vsphere;

import io.berth.rm.vsphere.soap.ObjectContent;
import io.berth.rm.vsphere.soap.XmlNode;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/** Picks the address a user connects to from what VMware Tools reports (guest.ipAddress, guest.net). */
final class GuestAddress {
    private GuestAddress() {}

    static Optional<String> pick(ObjectContent guest) {
        Optional<String> primary = guest.string("guest.ipAddress").filter(GuestAddress::usableV4);
        if (primary.isPresent()) return primary;
        Optional<XmlNode> nics = guest.get("guest.net");
        if (nics.isEmpty()) return Optional.empty();
        Optional<String> v6 = Optional.empty();
        for (XmlNode nic : nics.get().children()) {
            for (XmlNode ip : nic.children("ipAddress")) {
                if (usableV4(ip.text())) return Optional.of(ip.text());
                if (v6.isEmpty() && usableV6(ip.text())) v6 = Optional.of(ip.text());
            }
        }
        return v6;
    }

    /** A unicast IPv4 address a user can reach: not loopback, link-local (169.254/16, no DHCP answer) or unspecified. */
    static boolean usableV4(String s) {
        if (s == null || !s.matches("\\d{1,3}(\\.\\d{1,3}){3}")) return false;
        return usable(s);
    }

    private static boolean usableV6(String s) {
        return s != null && s.contains(":") && s.matches("[0-9a-fA-F:.]+") && usable(s);
    }

    /** Callers pass address literals only (checked by pattern), so this never asks DNS. */
    private static boolean usable(String literal) {
        try {
            InetAddress a = InetAddress.getByName(literal);
            return !a.isLoopbackAddress() && !a.isLinkLocalAddress() && !a.isAnyLocalAddress() && !a.isMulticastAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
