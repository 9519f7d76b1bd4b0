package io.berth.rm.vsphere;

import io.berth.rm.vsphere.soap.MoRef;
import io.berth.rm.vsphere.soap.ObjectContent;
import io.berth.rm.vsphere.soap.XmlNode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class OwnershipAndAddressTest {

    @Test
    void onlyNamesOfExactlyThePrefixAndAReservationIdAreBerths() {
        VmNaming naming = new VmNaming("berth-");

        assertThat(naming.name(42)).isEqualTo("berth-42");
        assertThat(naming.reservationOf("berth-42")).hasValue(42);
        assertThat(naming.reservationOf("berth-042")).isEmpty();
        assertThat(naming.reservationOf("berth-42-copy")).isEmpty();
        assertThat(naming.reservationOf("xberth-42")).isEmpty();
        assertThat(naming.reservationOf("berth-")).isEmpty();
        assertThat(naming.reservationOf("berth-99999999999999999999")).isEmpty();
        assertThat(new VmNaming("lab.a-").reservationOf("labxa-7")).isEmpty(); // the prefix is literal, not a pattern
    }

    @Test
    void theAddressIsTheFirstUsableOneVMwareToolsReports() {
        assertThat(GuestAddress.pick(guest("10.1.2.3"))).contains("10.1.2.3");
        assertThat(GuestAddress.pick(guest("169.254.7.7", nic("169.254.7.7", "fe80::1"), nic("2001:db8::5", "192.168.9.9"))))
                .contains("192.168.9.9");
        assertThat(GuestAddress.pick(guest(null, nic("fe80::1", "2001:db8::5")))).contains("2001:db8::5");
        assertThat(GuestAddress.pick(guest("127.0.0.1"))).isEmpty();
        assertThat(GuestAddress.pick(guest(null))).isEmpty();
    }

    private static XmlNode nic(String... ips) {
        List<XmlNode> children = new java.util.ArrayList<>();
        for (String ip : ips) children.add(new XmlNode("ipAddress", null, Map.of(), ip, List.of()));
        return new XmlNode("GuestNicInfo", null, Map.of(), "", children);
    }

    private static ObjectContent guest(String primary, XmlNode... nics) {
        Map<String, XmlNode> props = new java.util.HashMap<>();
        if (primary != null) props.put("guest.ipAddress", new XmlNode("val", "string", Map.of(), primary, List.of()));
        if (nics.length > 0) props.put("guest.net", new XmlNode("val", "ArrayOfGuestNicInfo", Map.of(), "", List.of(nics)));
        return new ObjectContent(new MoRef("VirtualMachine", "vm-1"), props);
    }
}
