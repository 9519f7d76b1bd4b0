package io.berth.server.xmlrpc;

import io.berth.server.support.TestBerth;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile or broken bodies, sent by an authenticated caller: each gets HTTP 200 with an XML-RPC fault, never a 500,
 * a stack trace, a file's contents or an expanded entity; and the server keeps answering.
 */
class XmlRpcHardeningTest {
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static TestBerth berth;

    @BeforeAll
    static void start() {
        berth = TestBerth.start();
    }

    @AfterAll
    static void stop() {
        berth.close();
    }

    record Answer(int status, String contentType, String body) {
        int faultCode() {
            Matcher m = Pattern.compile("<name>faultCode</name><value><int>(-?\\d+)</int>").matcher(body);
            assertThat(m.find()).as("a fault: " + body).isTrue();
            return Integer.parseInt(m.group(1));
        }
    }

    static Answer post(HttpRequest.BodyPublisher body) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(berth.server.baseUri().resolve("/index.php?mode=xmlrpccall"))
                .timeout(Duration.ofSeconds(30))
                .header("X-User", "alice@Local").header("X-Pass", TestBerth.PASSWORD).header("X-APIVERSION", "2")
                .header("Content-Type", "text/xml").POST(body).build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
    }

    static Answer post(String body) throws Exception {
        return post(HttpRequest.BodyPublishers.ofString(body));
    }

    static void refused(Answer a, int code) {
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.contentType()).startsWith("text/xml");
        assertThat(a.faultCode()).isEqualTo(code);
        assertThat(a.body()).doesNotContain("Exception").doesNotContain("at io.").doesNotContain("root:");
    }

    static String call(String method, String params) {
        return "<?xml version=\"1.0\"?><methodCall><methodName>" + method + "</methodName><params>" + params + "</params></methodCall>";
    }

    @Test
    void malformedXmlIsAParseFault() throws Exception {
        refused(post("<methodCall><methodName>XMLRPCtest</methodName><params>"), -32700);
        refused(post("this is not xml"), -32700);
        refused(post(""), -32700);
        refused(post("<methodCall><methodName>XMLRPCtest</methodName></methodCall><extra/>"), -32700);
    }

    @Test
    void anythingButAMethodCallIsAnInvalidRequest() throws Exception {
        refused(post("<methodResponse/>"), -32600);
        refused(post(call("XMLRPCtest", "<param><value><int>seven</int></value></param>")), -32600);
        refused(post(call("XMLRPCtest", "<param><value><date>1</date></value></param>")), -32600);
        refused(post(call("", "")), -32600);
    }

    @Test
    void externalEntitiesAreNeverResolved() throws Exception {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE methodCall [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
                + call("XMLRPCtest", "<param><value><string>&xxe;</string></value></param>").replace("<?xml version=\"1.0\"?>", "");
        refused(post(xxe), -32600);
        String dtd = "<?xml version=\"1.0\"?><!DOCTYPE methodCall SYSTEM \"http://127.0.0.1:9/evil.dtd\">"
                + call("XMLRPCtest", "<param><value>x</value></param>").replace("<?xml version=\"1.0\"?>", "");
        refused(post(dtd), -32600);
    }

    @Test
    void billionLaughsIsRefusedWithoutExpanding() throws Exception {
        StringBuilder dtd = new StringBuilder("<!DOCTYPE methodCall [<!ENTITY lol0 \"lol\">");
        for (int i = 1; i <= 9; i++) {
            dtd.append("<!ENTITY lol").append(i).append(" \"").append(("&lol" + (i - 1) + ";").repeat(10)).append("\">");
        }
        dtd.append("]>");
        long began = System.nanoTime();
        refused(post(dtd + call("XMLRPCtest", "<param><value><string>&lol9;</string></value></param>")
                .replace("<?xml version=\"1.0\"?>", "")), -32600);
        assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void hugeBodiesAreRefusedWithOrWithoutADeclaredLength() throws Exception {
        String huge = call("XMLRPCtest", "<param><value><string>" + "x".repeat(2 * 1024 * 1024) + "</string></value></param>");
        refused(post(huge), -32600);
        byte[] bytes = huge.getBytes(StandardCharsets.UTF_8);
        refused(post(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))), -32600);
    }

    @Test
    void deepNestingIsRefused() throws Exception {
        String deep = "<value><array><data>".repeat(40) + "<value>x</value>" + "</data></array></value>".repeat(40);
        refused(post(call("XMLRPCtest", "<param>" + deep + "</param>")), -32600);
    }

    @Test
    void wrongParameterCountsAndTypesAreInvalidParams() throws Exception {
        refused(post(call("XMLRPCtest", "")), -32602);
        refused(post(call("XMLRPCtest", "<param><value>a</value></param><param><value>b</value></param>")), -32602);
        refused(post(call("XMLRPCgetRequestStatus", "<param><value><array><data/></array></value></param>")), -32602);
        refused(post(call("XMLRPCaddRequest", "<param><value>abc</value></param><param><value>now</value></param>"
                + "<param><value><int>60</int></value></param>")), -32602);
        refused(post(call("XMLRPCextendRequest", "<param><value><int>1</int></value></param><param><value>soon</value></param>")), -32602);
    }

    @Test
    void anUnknownModeIsAFaultToo() throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(berth.server.baseUri().resolve("/index.php?mode=viewRequests"))
                .POST(HttpRequest.BodyPublishers.ofString(call("XMLRPCtest", ""))).build(), HttpResponse.BodyHandlers.ofString());
        refused(new Answer(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body()), -32600);
    }

    @Test
    void credentialsAreCheckedBeforeTheBodyIsRead() throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(berth.server.baseUri().resolve("/xmlrpc"))
                .header("X-APIVERSION", "2").POST(HttpRequest.BodyPublishers.ofString("not xml at all")).build(),
                HttpResponse.BodyHandlers.ofString());
        refused(new Answer(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body()), 3);
    }

    @Test
    void textIsEscapedBothWaysAndTheServerStillWorksAfterAllThat() throws Exception {
        Answer a = post(call("XMLRPCtest", "<param><value><string>a &lt;b&gt; &amp; \"c\" é ✓</string></value></param>"));
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.body()).contains("<string>a &lt;b&gt; &amp; \"c\" é ✓</string>");
    }
}
