package io.berth.rm.vsphere;

import io.berth.core.domain.Host;
import io.berth.rm.vsphere.soap.MoRef;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Berth's hosts of type vsphere by their vCenter id, as of the last inventory sync. */
final class HostDirectory {
    private volatile Map<String, Host> byMoid = Map.of();

    void update(List<Host> hosts) {
        byMoid = hosts.stream().filter(h -> h.externalId() != null)
                .collect(Collectors.toUnmodifiableMap(Host::externalId, Function.identity(), (a, b) -> a));
    }

    Optional<Host> byRef(MoRef host) {
        return host == null ? Optional.empty() : Optional.ofNullable(byMoid.get(host.value()));
    }

    List<Host> all() {
        return List.copyOf(byMoid.values());
    }

    static MoRef refOf(Host host) {
        if (host.externalId() == null) {
            throw new IllegalArgumentException("host " + host.name() + " has no vCenter id; vSphere hosts are discovered, not added by hand");
        }
        return new MoRef("HostSystem", host.externalId());
    }
}
