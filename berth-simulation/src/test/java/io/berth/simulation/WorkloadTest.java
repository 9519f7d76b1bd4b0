package io.berth.simulation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WorkloadTest {

    @Test
    void theBundledSampleHasTwentyDaysOfFiveMinuteSamples() {
        Workload w = Workload.bundledSample();
        assertThat(w.vms()).hasSize(20);
        assertThat(w.vms()).allSatisfy(t -> {
            assertThat(t.cpu()).hasSize(288);
            assertThat(java.util.Arrays.stream(t.cpu()).boxed().toList()).allSatisfy(v -> assertThat(v).isBetween(0.0, 1.0));
        });
        assertThat(Workload.resolve("planetlab-sample").vms()).hasSize(20);
    }

    @Test
    void aFolderIsReadInNameOrderWhateverTheFileSystemLists(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("b-vm"), "10\n20\n");
        Files.writeString(dir.resolve("a-vm"), "5\n\n7\n");
        Files.writeString(dir.resolve(".hidden"), "99\n");
        Workload w = Workload.planetLab(dir);
        assertThat(w.vms()).extracting(Workload.VmTrace::name).containsExactly("a-vm", "b-vm");
        assertThat(w.vms().get(0).cpu()).containsExactly(0.05, 0.07);
        assertThat(w.vms().get(0).at(5)).as("past the end the last value holds").isEqualTo(0.07);
    }

    @Test
    void missingOrMalformedTracesAreRefusedClearly(@TempDir Path dir) throws IOException {
        assertThatThrownBy(() -> Workload.planetLab(dir.resolve("nope"))).hasMessage("trace folder " + dir.resolve("nope") + " does not exist");
        assertThatThrownBy(() -> Workload.planetLab(dir)).hasMessageContaining("has no files");
        Files.writeString(dir.resolve("vm"), "12\nbusy\n");
        assertThatThrownBy(() -> Workload.planetLab(dir)).hasMessageContaining("trace vm is not in PlanetLab format");
        assertThatThrownBy(() -> Workload.planetLab(dir.resolve("vm"))).hasMessageContaining("is not a folder");
    }

    @Test
    void shufflingIsAPermutationFixedByTheSeed() {
        Workload w = Workload.bundledSample();
        Workload a = w.shuffled(7), b = w.shuffled(7), c = w.shuffled(8);
        assertThat(a.vms()).extracting(Workload.VmTrace::name).containsExactlyElementsOf(b.vms().stream().map(Workload.VmTrace::name).toList())
                .containsExactlyInAnyOrderElementsOf(w.vms().stream().map(Workload.VmTrace::name).toList());
        assertThat(a.vms()).extracting(Workload.VmTrace::name).isNotEqualTo(c.vms().stream().map(Workload.VmTrace::name).toList());
        assertThat(w.first(5).vms()).hasSize(5);
    }
}
