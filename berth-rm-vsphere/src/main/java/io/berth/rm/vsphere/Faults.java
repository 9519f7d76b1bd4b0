package io.berth.rm.vsphere;

import io.berth.core.resource.MigrationException;
import io.berth.core.resource.ProvisioningException;
import io.berth.rm.vsphere.soap.VimException;

/** Turns vSphere failures into the core's, with a cause a user or admin can act on, and whether retrying may help. */
final class Faults {
    private Faults() {}

    static ProvisioningException provisioning(VimException e, String doing) {
        return new ProvisioningException(doing + ": " + explain(e), e.isTransient(), e);
    }

    static MigrationException migration(VimException e, String doing) {
        return new MigrationException(doing + ": " + explain(e), e.isTransient());
    }

    /** The message, with advice for the faults an operator can fix. */
    static String explain(VimException e) {
        return switch (e.faultName()) {
            case "InvalidLogin" -> e.getMessage() + " (check berth.vsphere.user and the password in "
                    + VsphereSettings.PASSWORD_ENV + " or berth.vsphere.password-file)";
            case "NoPermission", "NotAuthenticated" -> e.getMessage() + " (the vCenter role of Berth's user lacks a privilege; see docs/vsphere.md)";
            default -> e.getMessage();
        };
    }
}
