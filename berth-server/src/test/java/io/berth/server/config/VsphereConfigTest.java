package io.berth.server.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The berth.vsphere.* keys, read like every other key (file, environment, command line). */
class VsphereConfigTest {

    @Test
    void withoutVsphereKeysThereIsNoVsphereResourceManager() {
        assertThat(new ConfigLoader().load().vsphere()).isNull();
    }

    @Test
    void keysComeFromTheEnvironmentAndTheCommandLineAndThePasswordOnlyFromTheEnvironmentOrAFile() {
        BerthConfig c = new ConfigLoader()
                .environment(Map.of("BERTH_VSPHERE_URL", "https://vc.lab/sdk", "BERTH_VSPHERE_USER", "svc-berth",
                        "BERTH_VSPHERE_PASSWORD", "s3cret", "BERTH_VSPHERE_SAMPLE_INTERVAL", "30s"))
                .overrides(Map.of("berth.vsphere.cluster", "gold", "berth.vsphere.templates.ubuntu", "tpl-ubuntu", "berth.vsphere.orphan-grace", "PT2M"))
                .load();

        assertThat(c.vsphere().url().toString()).isEqualTo("https://vc.lab/sdk");
        assertThat(c.vsphere().credentials().user()).isEqualTo("svc-berth");
        assertThat(c.vsphere().cluster()).isEqualTo("gold");
        assertThat(c.vsphere().templateFor("ubuntu")).isEqualTo("tpl-ubuntu");
        assertThat(c.vsphere().sampleInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.vsphere().orphanGrace()).isEqualTo(Duration.ofMinutes(2));
        assertThat(c.vsphere().toString()).doesNotContain("s3cret");
        assertThatThrownBy(() -> new ConfigLoader().overrides(Map.of("berth.vsphere.password", "x")).load())
                .isInstanceOf(ConfigException.class).hasMessageContaining("unknown configuration key 'berth.vsphere.password'");
    }

    @Test
    void mistakesNameTheKey() {
        assertThatThrownBy(() -> new ConfigLoader().overrides(Map.of("berth.vsphere.user", "svc")).load())
                .isInstanceOf(ConfigException.class).hasMessageContaining("berth.vsphere.url is needed");
        assertThatThrownBy(() -> new ConfigLoader().environment(Map.of("BERTH_VSPHERE_PASSWORD", "p"))
                .overrides(Map.of("berth.vsphere.url", "https://vc", "berth.vsphere.user", "u", "berth.vsphere.ip-timeout", "soon")).load())
                .isInstanceOf(ConfigException.class).hasMessageContaining("berth.vsphere.ip-timeout must be a duration");
    }
}
