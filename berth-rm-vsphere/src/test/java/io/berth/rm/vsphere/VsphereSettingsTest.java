package io.berth.rm.vsphere;

import io.berth.rm.vsphere.soap.Thumbprint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VsphereSettingsTest {
    static final BiFunction<String, String, Duration> SECONDS = (key, v) -> {
        if (!v.endsWith("s")) throw new IllegalArgumentException(key + " must be like 30s");
        return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)));
    };
    static final Map<String, String> ENV = Map.of(VsphereSettings.PASSWORD_ENV, "from-env");

    static Map<String, String> minimal() {
        Map<String, String> m = new HashMap<>();
        m.put("url", "https://vc.lab");
        m.put("user", "svc-berth@vsphere.local");
        return m;
    }

    @Test
    void theMinimumIsAUrlAUserAndAPasswordFromTheEnvironment() {
        VsphereSettings s = VsphereSettings.parse(minimal(), ENV, SECONDS);

        assertThat(s.url().toString()).isEqualTo("https://vc.lab/sdk");
        assertThat(s.credentials().user()).isEqualTo("svc-berth@vsphere.local");
        assertThat(s.credentials().password().toString()).isEqualTo("****");
        assertThat(s.trust().describe()).isEqualTo("certificates signed by the JDK's trusted CAs");
        assertThat(s.folder()).isEqualTo("berth");
        assertThat(s.pool()).isEqualTo("vsphere");
        assertThat(s.vmPrefix()).isEqualTo("berth-");
        assertThat(s.sampleInterval()).isEqualTo(Duration.ofSeconds(20));
        assertThat(s.templateFor("ubuntu")).isEqualTo("ubuntu");
    }

    @Test
    void everyKeyIsRead(@TempDir Path dir) throws IOException {
        Path password = Files.writeString(dir.resolve("pw"), "from-file\n");
        Map<String, String> m = minimal();
        m.putAll(Map.of("password-file", password.toString(), "datacenter", "DC1", "cluster", "gold", "thumbprint",
                "2C:11:ED:D7:13:87:7D:B5:74:18:B8:1C:42:C2:56:1F:0D:B9:5B:B9", "folder", "labs/berth", "resource-pool", "students",
                "templates.ubuntu-22.04", "tpl-ubuntu-2204", "pool", "esx", "vm-prefix", "lab-", "sample-interval", "5s"));
        m.put("vcpu-ratio", "2.5");

        VsphereSettings s = VsphereSettings.parse(m, Map.of(), SECONDS);

        assertThat(s.credentials().password()).isEqualTo(io.berth.rm.vsphere.soap.Secret.of("from-file"));
        assertThat(s.trust().thumbprint()).isEqualTo(Thumbprint.parse("2c11edd713877db57418b81c42c2561f0db95bb9"));
        assertThat(s).extracting(VsphereSettings::datacenter, VsphereSettings::cluster, VsphereSettings::folder, VsphereSettings::resourcePool,
                VsphereSettings::pool, VsphereSettings::vmPrefix, VsphereSettings::sampleInterval, VsphereSettings::vcpuRatio)
                .containsExactly("DC1", "gold", "labs/berth", "students", "esx", "lab-", Duration.ofSeconds(5), 2.5);
        assertThat(s.templateFor("ubuntu-22.04")).isEqualTo("tpl-ubuntu-2204");
    }

    @Test
    void mistakesNameTheirKey() {
        Map<String, String> typo = minimal();
        typo.put("thumbprnt", "x");
        assertThatThrownBy(() -> VsphereSettings.parse(typo, ENV, SECONDS)).hasMessageContaining("'berth.vsphere.thumbprnt'");

        assertThatThrownBy(() -> VsphereSettings.parse(minimal(), Map.of(), SECONDS))
                .hasMessageContaining("BERTH_VSPHERE_PASSWORD or berth.vsphere.password-file");

        Map<String, String> both = minimal();
        both.put("insecure", "true");
        both.put("thumbprint", "AB:CD");
        assertThatThrownBy(() -> VsphereSettings.parse(both, ENV, SECONDS)).hasMessageContaining("berth.vsphere.thumbprint");

        Map<String, String> plain = minimal();
        plain.put("url", "http://vc.lab/sdk");
        assertThatThrownBy(() -> VsphereSettings.parse(plain, ENV, SECONDS)).hasMessageContaining("sends the password in clear");

        Map<String, String> noUser = minimal();
        noUser.remove("user");
        assertThatThrownBy(() -> VsphereSettings.parse(noUser, ENV, SECONDS)).hasMessageContaining("berth.vsphere.user is needed");

        Map<String, String> badPrefix = minimal();
        badPrefix.put("vm-prefix", "has space");
        assertThatThrownBy(() -> VsphereSettings.parse(badPrefix, ENV, SECONDS)).hasMessageContaining("vm-prefix");
    }
}
