package io.berth.placement.plugin;

import io.berth.core.domain.Pool;
import io.berth.placement.PlacementController;
import io.berth.placement.policy.PolicySettings;

/**
 * A placement policy offered by a plug-in jar, found through {@link java.util.ServiceLoader}: list the
 * implementing class in {@code META-INF/services/io.berth.placement.plugin.PlacementPolicyProvider}.
 * It has the shape of {@link io.berth.placement.PolicyRegistry.Factory}, so Berth registers it as a policy that
 * pools select by {@link #name()}. Implementations need a public no-argument constructor.
 */
public interface PlacementPolicyProvider {
    /** The policy name pools refer to; letters, digits, '.', '_' or '-', and not taken by Berth or another plug-in. */
    String name();

    /** One sentence on what the policy prefers, shown in the policy list. */
    String description();

    /**
     * A controller for one pool. Read every setting through {@code settings}, which validates it and rejects
     * unknown ones; a bad value should throw {@link io.berth.core.resource.PolicySettingException} naming it.
     * Berth calls this once with no settings at load time (to list the settings), so it must not fail then
     * except with a PolicySettingException for a required setting.
     */
    PlacementController create(Pool pool, PolicySettings settings);
}
