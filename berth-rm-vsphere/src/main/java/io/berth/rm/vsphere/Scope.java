package io.berth.rm.vsphere;

import io.berth.rm.vsphere.soap.MoRef;

/**
 * The part of the vSphere inventory Berth works in, resolved from the configured names.
 *
 * @param hostRoot     where Berth's hosts are: the cluster, or the datacenter's host folder
 * @param vmRoot       the datacenter's VM folder, where templates are looked for
 * @param berthFolder  the folder Berth's VMs live in
 * @param resourcePool the configured resource pool, or null for each host's own root pool
 * @param vCenter      false for a standalone ESX host (no clone, no vMotion, no folders)
 */
public record Scope(MoRef datacenter, MoRef hostRoot, MoRef vmRoot, MoRef berthFolder, MoRef resourcePool, boolean vCenter) {}
