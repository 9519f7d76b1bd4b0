package io.berth.server.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigLoaderTest {
    @Test
    void defaultsAreTheEmbeddedSetup() {
        BerthConfig c = new ConfigLoader().load();
        assertThat(c.database().url()).isNull();
        assertThat(c.http().port()).isEqualTo(8080);
        assertThat(c.sim().enabled()).isTrue();
        assertThat(c.lifecycle().provisionLeadTime()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.seedDemo()).isTrue();
    }

    @Test
    void laterSourcesWinFileThenEnvironmentThenCommandLine(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path file = dir.resolve("berth.properties");
        Files.writeString(file, "berth.http.port=9000\nberth.sim.boot-time=2s\nberth.db.url=jdbc:postgresql://db/berth\n");
        BerthConfig c = new ConfigLoader().file(file)
                .environment(Map.of("BERTH_HTTP_PORT", "9100", "BERTH_LIFECYCLE_LEAD_TIME", "PT10M", "UNRELATED", "x"))
                .overrides(Map.of("berth.http.port", "9200")).load();
        assertThat(c.http().port()).isEqualTo(9200);
        assertThat(c.sim().settings().bootTime()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.lifecycle().provisionLeadTime()).isEqualTo(Duration.ofMinutes(10));
        assertThat(c.database().url()).isEqualTo("jdbc:postgresql://db/berth");
    }

    @Test
    void mistakesAreNamed() {
        assertThatThrownBy(() -> new ConfigLoader().overrides(Map.of("berth.htp.port", "1")).load())
                .isInstanceOf(ConfigException.class).hasMessageContaining("unknown configuration key 'berth.htp.port'");
        assertThatThrownBy(() -> new ConfigLoader().overrides(Map.of("berth.http.port", "eighty")).load())
                .hasMessageContaining("berth.http.port must be a whole number");
        assertThatThrownBy(() -> new ConfigLoader().overrides(Map.of("berth.sim.boot-time", "soon")).load())
                .hasMessageContaining("duration like 30s");
        assertThatThrownBy(() -> new ConfigLoader().overrides(Map.of("berth.log.format", "xml")).load())
                .hasMessageContaining("one of");
    }

    @Test
    void durationsTakeUnitsOrIso() {
        assertThat(ConfigLoader.parseDuration("k", "500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(ConfigLoader.parseDuration("k", "3h")).isEqualTo(Duration.ofHours(3));
        assertThat(ConfigLoader.parseDuration("k", "1d")).isEqualTo(Duration.ofDays(1));
        assertThat(ConfigLoader.parseDuration("k", "PT90S")).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void theVclApiWantsHttpsByDefaultAndCanBeTuned() {
        BerthConfig.XmlRpc d = new ConfigLoader().load().xmlrpc();
        assertThat(d).isEqualTo(new BerthConfig.XmlRpc(true, false, "Local", false));
        BerthConfig.XmlRpc x = new ConfigLoader().overrides(Map.of("berth.xmlrpc.enabled", "false", "berth.xmlrpc.allow-http", "true",
                "berth.xmlrpc.affiliation", "NCSU", "berth.xmlrpc.trust-forwarded-proto", "true")).load().xmlrpc();
        assertThat(x).isEqualTo(new BerthConfig.XmlRpc(false, true, "NCSU", true));
        assertThatThrownBy(() -> new ConfigLoader().overrides(Map.of("berth.xmlrpc.affiliation", "a@b")).load())
                .hasMessageContaining("berth.xmlrpc.affiliation");
    }

    @Test
    void tlsNeedsAReadableKeystoreAndItsPassword(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        assertThat(new ConfigLoader().load().http().tls()).isNull();
        assertThat(new ConfigLoader().load().http().scheme()).isEqualTo("http");
        Path keystore = Files.writeString(dir.resolve("berth.p12"), "not really a keystore");
        BerthConfig c = new ConfigLoader().overrides(Map.of("berth.http.tls.keystore", keystore.toString(),
                "berth.http.tls.keystore-password", "secret")).load();
        assertThat(c.http().tls()).isEqualTo(new BerthConfig.Tls(keystore, "secret"));
        assertThat(c.http().scheme()).isEqualTo("https");
        assertThatThrownBy(() -> new ConfigLoader().overrides(Map.of("berth.http.tls.keystore", keystore.toString())).load())
                .hasMessageContaining("berth.http.tls.keystore-password is required");
        assertThatThrownBy(() -> new ConfigLoader().overrides(Map.of("berth.http.tls.keystore", dir.resolve("missing.p12").toString(),
                "berth.http.tls.keystore-password", "x")).load()).hasMessageContaining("cannot read");
    }
}
