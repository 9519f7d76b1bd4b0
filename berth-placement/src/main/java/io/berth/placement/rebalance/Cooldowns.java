package io.berth.placement.rebalance;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** When each VM last moved, so a VM moved recently is left alone for the cooldown. */
final class Cooldowns {
    private final Duration cooldown;
    private final Map<Long, Instant> lastMoved = new ConcurrentHashMap<>();

    Cooldowns(Duration cooldown) {
        this.cooldown = cooldown;
    }

    boolean active(PlannedCluster.Vm vm, Instant now) {
        if (cooldown.isZero()) return false;
        Instant last = lastMove(vm);
        return last != null && last.plus(cooldown).isAfter(now);
    }

    /** The later of this rebalancer's own record and the snapshot's (a migration made elsewhere counts too). */
    Instant lastMove(PlannedCluster.Vm vm) {
        Instant mine = lastMoved.get(vm.id()), recorded = vm.instance.lastMigratedAt();
        return mine == null ? recorded : recorded == null || mine.isAfter(recorded) ? mine : recorded;
    }

    String note(PlannedCluster.Vm vm) {
        Instant last = lastMove(vm);
        return "reservation " + vm.id() + " moved at " + last + "; in cooldown until " + last.plus(cooldown);
    }

    void moved(long reservationId, Instant at) {
        lastMoved.put(reservationId, at);
    }
}
