package io.berth.rm.vsphere;

import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Berth's ownership mark on the VMs it creates: the name is the configured prefix and the reservation id
 * ("berth-42"). Berth only ever destroys VMs whose whole name has this shape, in its own folder.
 */
public record VmNaming(String prefix) {

    public String name(long reservationId) {
        return prefix + reservationId;
    }

    /** The reservation a VM name belongs to, if the name is exactly prefix + digits. */
    public OptionalLong reservationOf(String vmName) {
        Matcher m = Pattern.compile(Pattern.quote(prefix) + "([1-9][0-9]{0,18})").matcher(vmName);
        if (!m.matches()) return OptionalLong.empty();
        try {
            return OptionalLong.of(Long.parseLong(m.group(1)));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
