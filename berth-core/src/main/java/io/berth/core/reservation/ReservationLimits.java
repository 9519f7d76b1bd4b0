package io.berth.core.reservation;

import io.berth.core.domain.Group;
import io.berth.core.domain.GroupSettings;
import io.berth.core.domain.User;
import io.berth.core.store.Tx;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The window limits a user reserves under, from the groups they belong to: per limit, the most generous group
 * wins, and a group that sets no limit lifts it (Apache VCL takes the largest of a user's groups the same way).
 * Admins, and users in no group, have none. Empty means unlimited.
 */
public record ReservationLimits(Optional<Duration> initialMax, Optional<Duration> totalMax, Optional<Duration> maxExtend) {

    public static ReservationLimits unlimited() {
        return new ReservationLimits(Optional.empty(), Optional.empty(), Optional.empty());
    }

    public static ReservationLimits of(Tx tx, User user) {
        if (user.isAdmin()) return unlimited();
        List<Group> groups = tx.users().groupsOf(user.id());
        if (groups.isEmpty()) return unlimited();
        List<GroupSettings> settings = groups.stream()
                .map(g -> tx.users().groupSettings(g.id()).orElse(GroupSettings.none(g.id())))
                .toList();
        return new ReservationLimits(mostGenerous(settings, GroupSettings::initialMax),
                mostGenerous(settings, GroupSettings::totalMax), mostGenerous(settings, GroupSettings::maxExtend));
    }

    private static Optional<Duration> mostGenerous(List<GroupSettings> settings, Function<GroupSettings, Duration> limit) {
        Duration most = null;
        for (GroupSettings s : settings) {
            Duration d = limit.apply(s);
            if (d == null) return Optional.empty();
            if (most == null || d.compareTo(most) > 0) most = d;
        }
        return Optional.ofNullable(most);
    }
}
