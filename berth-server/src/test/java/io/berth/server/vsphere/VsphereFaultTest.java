package io.berth.server.vsphere;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.rm.vsphere.testing.VcSim;
import io.berth.server.support.Api;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * vCenter failing under Berth: down mid-provisioning, a password that stopped working, a template that does not
 * exist. Each ends the reservation FAILED with a cause a person can act on, its capacity released, nothing stuck.
 */
class VsphereFaultTest {

    @Test
    void vCenterStoppingMidProvisioningFailsTheReservationAndItsCapacityIsReleasedOnceVCenterIsBack() {
        try (VsphereBerth berth = VsphereBerth.start(VcSim.Options.defaults().withCloneDelayMs(3000), Map.of())) {
            Api alice = berth.login("alice");
            long id = berth.reserve(alice);
            berth.awaitState(alice, id, "PROVISIONING");

            berth.sim.stop(); // while the clone is under way

            berth.awaitState(alice, id, "FAILED");
            String cause = alice.get("/api/v1/reservations/" + id).json().get("failureCause").asText();
            assertThat(cause).startsWith("provisioning failed on host DC0_C0_H").contains("vSphere endpoint " + berth.sim.url() + " is unavailable");
            assertThat(berth.eventTypes(alice, id)).as("capacity stays held while vCenter cannot confirm the VM is gone").doesNotContain("Reclaimed");

            berth.sim.restart();

            await().atMost(Duration.ofSeconds(30)).until(() -> berth.eventTypes(alice, id).contains("Reclaimed"));
            long next = berth.reserve(alice);
            berth.awaitState(alice, next, "READY");
        }
    }

    @Test
    void aPasswordVCenterNoLongerAcceptsFailsProvisioningWithAdvice() {
        try (VsphereBerth berth = VsphereBerth.start()) {
            Api alice = berth.login("alice");
            berth.sim.restartWithPassword("rotated-by-an-admin");

            long id = berth.reserve(alice);

            berth.awaitState(alice, id, "FAILED");
            JsonNode r = alice.get("/api/v1/reservations/" + id).json();
            assertThat(r.get("failureCause").asText()).contains("Login failed: InvalidLogin: Login failure")
                    .contains("check berth.vsphere.user and the password in BERTH_VSPHERE_PASSWORD or berth.vsphere.password-file")
                    .doesNotContain(VcSim.PASSWORD);
            assertThat(berth.eventTypes(alice, id)).as("a refused login is not retried").doesNotContain("ProvisioningRetried");
        }
    }

    @Test
    void withAWrongPasswordFromTheStartBerthRunsAndOffersNoVsphereHost() {
        try (VsphereBerth berth = VsphereBerth.withWrongPassword()) {
            Api alice = berth.login("alice");

            JsonNode refusal = alice.post("/api/v1/reservations", Map.of("imageId", berth.imageId, "durationMinutes", 60)).json();

            assertThat(berth.hosts()).isEmpty();
            assertThat(refusal.get("status").asInt()).isEqualTo(409);
            assertThat(refusal.get("type").asText()).isEqualTo("urn:berth:problem:not-available");
        }
    }

    @Test
    void anImageWhoseTemplateDoesNotExistFailsAtOnceWithWhatToConfigure() {
        try (VsphereBerth berth = VsphereBerth.start()) {
            Api admin = berth.login("admin");
            long imageId = admin.post("/api/v1/images", Map.of("name", "windows-11", "os", "Windows", "resourceType", "vsphere",
                    "minimum", Map.of("VCPU", 2, "MEMORY_MB", 4096), "maxConcurrent", 5, "maxDurationMinutes", 240,
                    "connectMethods", List.of(Map.of("name", "desktop", "protocol", "rdp", "port", 3389)))).expect(201).json().get("id").asLong();

            long id = admin.post("/api/v1/reservations", Map.of("imageId", imageId, "durationMinutes", 60)).expect(201).json().get("id").asLong();

            berth.awaitState(admin, id, "FAILED");
            assertThat(admin.get("/api/v1/reservations/" + id).json().get("failureCause").asText())
                    .contains("template 'windows-11' of image 'windows-11' does not exist in vCenter")
                    .contains("berth.vsphere.templates.windows-11=<template name>");
            await().atMost(Duration.ofSeconds(10)).until(() -> berth.eventTypes(admin, id).contains("Reclaimed"));
            assertThat(berth.eventTypes(admin, id)).doesNotContain("ProvisioningRetried");
        }
    }
}
