package io.berth.server.xmlrpc;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The XML-RPC reader and writer on their own: every type, both date forms, escaping and odd characters. */
class XmlRpcCodecTest {

    static XmlRpcCall parse(String xml) {
        return XmlRpcParser.parse(xml.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsEveryValueType() {
        XmlRpcCall call = parse("""
                <?xml version="1.0"?>
                <!-- a comment -->
                <methodCall>
                  <methodName> XMLRPCtest </methodName>
                  <params>
                    <param><value><int>7</int></value></param>
                    <param><value><i4>-3</i4></value></param>
                    <param><value><i8>9000000000</i8></value></param>
                    <param><value><boolean>1</boolean></value></param>
                    <param><value><double>2.5</double></value></param>
                    <param><value>untyped  text </value></param>
                    <param><value><string><![CDATA[<raw>]]></string></value></param>
                    <param><value><dateTime.iso8601>20260101T09:30:00</dateTime.iso8601></value></param>
                    <param><value><dateTime.iso8601>2026-01-01T09:30:00</dateTime.iso8601></value></param>
                    <param><value><base64>aGk=</base64></value></param>
                    <param><value><nil/></value></param>
                    <param><value><struct><member><name>a</name><value><int>1</int></value></member>
                      <member><name>b</name><value><array><data><value>x</value><value><int>2</int></value></data></array></value></member>
                    </struct></value></param>
                    <param><value></value></param>
                  </params>
                </methodCall>
                """);
        assertThat(call.method()).isEqualTo("XMLRPCtest");
        List<Object> p = call.params();
        assertThat(p.subList(0, 7)).containsExactly(7, -3, 9_000_000_000L, true, 2.5, "untyped  text ", "<raw>");
        assertThat(p.get(7)).isEqualTo(LocalDateTime.of(2026, 1, 1, 9, 30));
        assertThat(p.get(8)).isEqualTo(LocalDateTime.of(2026, 1, 1, 9, 30));
        assertThat((byte[]) p.get(9)).containsExactly('h', 'i');
        assertThat(p.get(10)).isNull();
        assertThat(p.get(11)).isEqualTo(Map.of("a", 1, "b", List.of("x", 2)));
        assertThat(p.get(12)).isEqualTo("");
    }

    @Test
    void aCallWithoutParamsHasNone() {
        assertThat(parse("<methodCall><methodName>XMLRPCgetImages</methodName></methodCall>").params()).isEmpty();
        assertThat(parse("<methodCall><methodName>XMLRPCgetImages</methodName><params/></methodCall>").params()).isEmpty();
    }

    @Test
    void refusesWhatIsNotAValue() {
        assertThatThrownBy(() -> parse("<methodCall><methodName>m</methodName><params><param><value><int>1</int>x</value></param></params></methodCall>"))
                .isInstanceOfSatisfying(XmlRpcFault.class, f -> assertThat(f.code()).isEqualTo(XmlRpcFault.INVALID_REQUEST));
        assertThatThrownBy(() -> parse("<methodCall><methodName>m</methodName><params><param><value><double>NaN</double></value></param></params></methodCall>"))
                .isInstanceOf(XmlRpcFault.class);
        assertThatThrownBy(() -> parse("<methodCall><methodName>m</methodName><params><param><value><boolean>2</boolean></value></param></params></methodCall>"))
                .isInstanceOf(XmlRpcFault.class);
    }

    @Test
    void writesEveryTypeInOrderAndEscapes() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", "success");
        m.put("n", 5);
        m.put("big", 9_000_000_000L);
        m.put("small", 5L);
        m.put("ok", true);
        m.put("nothing", null);
        m.put("list", List.of("a<b", 1));
        m.put("text", "x & y\r\nz\u0001\uD83D\uDE00");
        String xml = XmlRpcWriter.response(m);
        assertThat(xml).startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<methodResponse><params><param><value><struct>"
                + "<member><name>status</name><value><string>success</string></value></member>");
        assertThat(xml).contains("<name>n</name><value><int>5</int></value>", "<name>big</name><value><i8>9000000000</i8></value>",
                "<name>small</name><value><int>5</int></value>", "<boolean>1</boolean>", "<nil/>",
                "<array><data><value><string>a&lt;b</string></value><value><int>1</int></value></data></array>",
                "<string>x &amp; y&#13;\nz\uFFFD\uD83D\uDE00</string>");
    }

    @Test
    void aFaultIsAStructWithCodeAndString() {
        assertThat(XmlRpcWriter.fault(3, "Access <denied>")).contains("<fault><value><struct><member><name>faultCode</name>"
                + "<value><int>3</int></value></member><member><name>faultString</name><value><string>Access &lt;denied&gt;</string>");
    }

    @Test
    void whatItWritesItReadsBack() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("s", "é ✓ <&>");
        m.put("l", List.of(1, 2L, true));
        String xml = XmlRpcWriter.response(m).replace("methodResponse", "methodCall").replace("<params>", "<methodName>echo</methodName><params>");
        assertThat(parse(xml).params().getFirst()).isEqualTo(Map.of("s", "é ✓ <&>", "l", List.of(1, 2, true)));
    }
}
