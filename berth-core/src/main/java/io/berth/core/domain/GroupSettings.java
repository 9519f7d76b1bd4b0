package io.berth.core.domain;

import java.time.Duration;

/**
 * What a group says beyond its name: who owns it, which group manages it (both recorded for clients that know
 * these ideas, such as Apache VCL's; Berth's own rule is that admins manage groups), and the limits its members
 * reserve under. A null limit means the group sets none. A user's limits are those of their most generous group
 * (see {@code ReservationLimits}).
 *
 * @param initialMax the longest window a member may ask for
 * @param totalMax   the longest a window may become, extensions included
 * @param maxExtend  the most one extension may add
 */
public record GroupSettings(long groupId, Long ownerId, Long managingGroupId, Duration initialMax, Duration totalMax,
                            Duration maxExtend) {

    public GroupSettings {
        for (Duration d : new Duration[] {initialMax, totalMax, maxExtend}) {
            if (d != null && (d.isNegative() || d.isZero())) throw new IllegalArgumentException("a group limit must be positive");
        }
    }

    /** A group that records no owner and sets no limits. */
    public static GroupSettings none(long groupId) {
        return new GroupSettings(groupId, null, null, null, null, null);
    }

    public GroupSettings forGroup(long id) {
        return new GroupSettings(id, ownerId, managingGroupId, initialMax, totalMax, maxExtend);
    }
}
