package io.berth.server.xmlrpc;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.server.config.BerthConfig;
import io.berth.server.support.PythonClient;
import io.berth.server.support.TestBerth;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * VCL clients must use HTTPS. Berth serves it itself from a PKCS12 keystore (made here with the JDK's keytool),
 * refuses plain HTTP calls with VCL's fault 4, and believes a TLS-terminating proxy's X-Forwarded-Proto only when
 * told to trust it.
 */
class VclTransportSecurityTest {
    static final String KEYSTORE_PASSWORD = "changeit-test";

    @Test
    void berthServesHttpsFromAKeystoreAndVclClientsUseIt(@TempDir Path dir) throws Exception {
        Path keystore = keystore(dir);
        var options = TestBerth.Options.defaults().withConfig(c -> c
                .withHttp(new BerthConfig.Http("127.0.0.1", 0, new BerthConfig.Tls(keystore, KEYSTORE_PASSWORD)))
                .withXmlRpc(BerthConfig.XmlRpc.defaults()));
        try (TestBerth berth = TestBerth.start(options)) {
            assertThat(berth.server.baseUri().getScheme()).isEqualTo("https");
            JsonNode out = PythonClient.run("xmlrpc/tls.py", Map.of("BERTH_URL", berth.server.baseUri().toString(),
                    "VCL_USER", "alice", "VCL_PASS", TestBerth.PASSWORD));
            assertThat(out.at("/test/result/status").asText()).isEqualTo("success");
            assertThat(out.at("/test/result/string").asText()).isEqualTo("over tls");
            assertThat(out.at("/affiliations/result/0/name").asText()).isEqualTo("Local");

            // The REST API is on HTTPS too, and a client trusting the certificate reaches it.
            HttpClient trusting = HttpClient.newBuilder().sslContext(trusting(keystore)).build();
            HttpResponse<String> health = trusting.send(HttpRequest.newBuilder(berth.server.baseUri().resolve("/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
        }
    }

    @Test
    void plainHttpIsFault4UnlessATrustedProxySaysHttps() {
        var options = TestBerth.Options.defaults().withConfig(c -> c.withXmlRpc(new BerthConfig.XmlRpc(true, false, "Local", true)));
        try (TestBerth berth = TestBerth.start(options)) {
            JsonNode out = PythonClient.run("xmlrpc/https_required.py", Map.of("BERTH_URL", berth.server.baseUri().toString(),
                    "VCL_USER", "alice", "VCL_PASS", TestBerth.PASSWORD));
            assertThat(out.at("/plain/fault").asInt()).isEqualTo(4);
            assertThat(out.at("/plain/faultString").asText()).isEqualTo("xmlrpccall requires SSL to be enabled - connection aborted");
            assertThat(out.at("/affiliationsPlain/fault").asInt()).isEqualTo(4);
            assertThat(out.at("/viaProxy/result/string").asText()).isEqualTo("proxied");
        }
    }

    @Test
    void anUntrustedForwardedProtoChangesNothing() throws Exception {
        var options = TestBerth.Options.defaults().withConfig(c -> c.withXmlRpc(BerthConfig.XmlRpc.defaults()));
        try (TestBerth berth = TestBerth.start(options)) {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(berth.server.baseUri().resolve("/xmlrpc"))
                    .header("X-User", "alice@Local").header("X-Pass", TestBerth.PASSWORD).header("X-APIVERSION", "2")
                    .header("X-Forwarded-Proto", "https").header("Content-Type", "text/xml")
                    .POST(HttpRequest.BodyPublishers.ofString("<methodCall><methodName>XMLRPCtest</methodName><params><param>"
                            + "<value>x</value></param></params></methodCall>")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("<name>faultCode</name><value><int>4</int>");
        }
    }

    @Test
    void theApiCanBeTurnedOff() throws Exception {
        var options = TestBerth.Options.defaults().withConfig(c -> c.withXmlRpc(new BerthConfig.XmlRpc(false, true, "Local", false)));
        try (TestBerth berth = TestBerth.start(options)) {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(berth.server.baseUri().resolve("/xmlrpc"))
                    .POST(HttpRequest.BodyPublishers.ofString("<methodCall/>")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(404);
            assertThat(berth.server.routes().routes()).noneMatch(route -> route.path().equals("/index.php"));
        }
    }

    /** A self-signed key for 127.0.0.1 and localhost, valid for two days. */
    static Path keystore(Path dir) throws Exception {
        Path keystore = dir.resolve("berth.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process p = new ProcessBuilder(List.of(keytool.toString(), "-genkeypair", "-alias", "berth", "-keyalg", "RSA",
                "-keysize", "2048", "-validity", "2", "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
                "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", KEYSTORE_PASSWORD,
                "-keypass", KEYSTORE_PASSWORD)).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        assertThat(Files.size(keystore)).isPositive();
        return keystore;
    }

    static SSLContext trusting(Path keystore) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, KEYSTORE_PASSWORD.toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        return ssl;
    }
}
