package io.berth.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class SimulateCommandTest {
    final StringWriter out = new StringWriter(), err = new StringWriter();

    int berth(String... args) {
        CommandLine cl = new CommandLine(new BerthCommand());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void itComparesPoliciesInOneTableAndWritesJsonAndAChart(@TempDir Path dir) throws Exception {
        int code = berth("simulate", "--trace", "planetlab-sample", "--hosts", "6", "--hours", "1", "--policy", "dvfs",
                "--policy", "thr-mmt", "--seed", "3", "--out", dir.toString(), "--no-progress");
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("policy").contains("energy kWh").containsPattern("(?m)^dvfs ").containsPattern("(?m)^thr-mmt ");
        assertThat(err.toString()).contains("Simulating 20 VMs on 6 hosts, 12 intervals of 300 s, 2 policies");
        assertThat(Files.readString(dir.resolve("results.json"))).contains("\"seed\" : 3").contains("\"policy\" : \"thr-mmt\"");
        assertThat(Files.readString(dir.resolve("chart.svg"))).startsWith("<svg");
    }

    @Test
    void aMissingTraceFolderIsAClearError(@TempDir Path dir) {
        Path missing = dir.resolve("20110399");
        assertThat(berth("simulate", "--trace", missing.toString(), "--out", dir.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("berth simulate: trace folder " + missing + " does not exist");
        assertThat(Files.exists(dir.resolve("results.json"))).isFalse();
    }

    @Test
    void theTraceIsRequiredAndAPolicyMustExist(@TempDir Path dir) {
        assertThat(berth("simulate", "--out", dir.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--trace is required");
        assertThat(berth("simulate", "--trace", "planetlab-sample", "--policy", "nonsense", "--out", dir.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("unknown policy 'nonsense'");
        assertThat(berth("simulate", "--trace", "planetlab-sample", "--hosts", "many")).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid value for option '--hosts'");
    }

    @Test
    void itListsThePresets() {
        assertThat(berth("simulate", "--list-policies")).isZero();
        assertThat(out.toString()).contains("thr-mmt: ").contains("berth: ").contains("rebalance.detector = lr:1.05,history=vms");
    }
}
