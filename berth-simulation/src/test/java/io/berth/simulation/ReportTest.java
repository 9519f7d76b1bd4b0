package io.berth.simulation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.simulation.report.JsonReport;
import io.berth.simulation.report.SvgChart;
import io.berth.simulation.report.TerminalReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ReportTest {
    static final Experiment EXPERIMENT = new Experiment(Datacenter.standard().withHosts(8).withDuration(Duration.ofHours(2)),
            Workload.bundledSample(), 5);
    static final List<SimulationResult> RESULTS = EXPERIMENT.run(
            List.of(SimulationPolicy.preset("thr-mmt"), SimulationPolicy.preset("berth")), Simulation.Options.defaults());

    @Test
    void theJsonCarriesTheExperimentFiguresAndSeries(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("out/results.json");
        JsonReport.write(file, EXPERIMENT, RESULTS, true);
        JsonNode root = new ObjectMapper().readTree(Files.readString(file));
        assertThat(root.at("/experiment/hosts").asInt()).isEqualTo(8);
        assertThat(root.at("/experiment/vms").asInt()).isEqualTo(20);
        assertThat(root.at("/experiment/trace").asText()).isEqualTo("planetlab-sample");
        assertThat(root.at("/experiment/hostTypes/1/powerWatts/10").asDouble()).isEqualTo(135);
        assertThat(root.get("results")).hasSize(2);
        JsonNode thr = root.at("/results/0");
        SimulationResult r = RESULTS.get(0);
        assertThat(thr.get("policy").asText()).isEqualTo("thr-mmt");
        assertThat(thr.at("/metrics/energyKwh").asDouble()).isCloseTo(r.energyKwh(), within(1e-12));
        assertThat(thr.at("/metrics/migrations").asLong()).isEqualTo(r.migrations());
        assertThat(thr.at("/metrics/esv").asDouble()).isCloseTo(r.esv(), within(1e-15));
        assertThat(thr.at("/settings/rebalance.detector").asText()).isEqualTo("thr:0.8");
        assertThat(thr.at("/series/activeHosts")).hasSize(24);
        assertThat(thr.at("/series/hour/23").asDouble()).isCloseTo(23 * 5 / 60.0, within(1e-12));
        assertThat(thr.at("/timing/wallSeconds").asDouble()).isPositive();
        assertThat(root.at("/run/cpus").asInt()).isPositive();
        assertThat(JsonReport.render(EXPERIMENT, RESULTS, false)).doesNotContain("wallSeconds").doesNotContain("\"run\"");
    }

    @Test
    void theChartIsWellFormedSvgWithALinePerPolicyInEachPanel(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("chart.svg");
        SvgChart.write(file, EXPERIMENT, RESULTS);
        Document svg = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(Files.readString(file).getBytes(StandardCharsets.UTF_8)));
        assertThat(svg.getDocumentElement().getTagName()).isEqualTo("svg");
        assertThat(svg.getElementsByTagName("polyline").getLength()).isEqualTo(3 * RESULTS.size());
        assertThat(Files.readString(file)).contains("Hosts switched on").contains("Migrations per interval").contains(">berth<");
    }

    @Test
    void theTableHasARowPerPolicy() {
        String table = TerminalReport.table(RESULTS);
        List<String> lines = table.lines().toList();
        assertThat(lines.get(0)).startsWith("policy").contains("energy kWh").contains("SLATAH").contains("ESV");
        assertThat(lines.get(2)).startsWith("thr-mmt");
        assertThat(lines.get(3)).startsWith("berth");
        assertThat(lines).hasSize(4);
    }
}
