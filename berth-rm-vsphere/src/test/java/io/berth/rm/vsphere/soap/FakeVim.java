package io.berth.rm.vsphere.soap;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A scripted SOAP endpoint for what the simulator cannot show: answers per method name, so tests can send unknown
 * elements, paged results, faults, non-SOAP answers and silence. Records each request it got.
 */
final class FakeVim implements AutoCloseable {
    static final String SERVICE_CONTENT = """
            <RetrieveServiceContentResponse xmlns="urn:vim25"><returnval>
              <rootFolder type="Folder">group-d1</rootFolder><propertyCollector type="PropertyCollector">propertyCollector</propertyCollector>
              <viewManager type="ViewManager">ViewManager</viewManager>
              <vStorageObjectManager type="VcenterVStorageObjectManager">VStorageObjectManager</vStorageObjectManager>
              <about><name>VMware vCenter Server</name><fullName>VMware vCenter Server 9.0 (fake)</fullName><apiType>VirtualCenter</apiType>
                <apiVersion>9.0.0.0</apiVersion><aNewFieldFrom2031>yes</aNewFieldFrom2031></about>
              <sessionManager type="SessionManager">SessionManager</sessionManager><searchIndex type="SearchIndex">SearchIndex</searchIndex>
              <perfManager type="PerformanceManager">PerfMgr</perfManager>
            </returnval></RetrieveServiceContentResponse>""";

    /** A request as received: the method, its body element, and the headers that matter. */
    record Received(String method, XmlNode call, String cookie, String soapAction) {}

    private final HttpServer server;
    private final Map<String, Function<XmlNode, Answer>> answers = new ConcurrentHashMap<>();
    final List<Received> received = new CopyOnWriteArrayList<>();

    /** What to send back: HTTP status, body (a bare response element is wrapped in an envelope), and a delay. */
    record Answer(int status, String body, boolean wrap, Duration delay) {
        static Answer soap(String responseElement) {
            return new Answer(200, responseElement, true, Duration.ZERO);
        }

        static Answer fault(String faultString, String detail) {
            return new Answer(500, "<soapenv:Fault><faultcode>ServerFaultCode</faultcode><faultstring>" + faultString
                    + "</faultstring><detail>" + detail + "</detail></soapenv:Fault>", true, Duration.ZERO);
        }

        static Answer raw(int status, String body) {
            return new Answer(status, body, false, Duration.ZERO);
        }

        Answer after(Duration d) {
            return new Answer(status, body, wrap, d);
        }
    }

    FakeVim() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/sdk", this::handle);
        server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        on("RetrieveServiceContent", call -> Answer.soap(SERVICE_CONTENT));
        on("Login", call -> Answer.soap("<LoginResponse xmlns=\"urn:vim25\"><returnval><key>k</key><userName>u</userName></returnval></LoginResponse>"));
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/sdk");
    }

    FakeVim on(String method, Function<XmlNode, Answer> answer) {
        answers.put(method, answer);
        return this;
    }

    List<Received> calls(String method) {
        return received.stream().filter(r -> r.method().equals(method)).toList();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex; InputStream in = ex.getRequestBody()) {
            XmlNode call;
            try {
                call = Envelope.bodyContent(XmlParser.parse(in)).orElseThrow();
            } catch (Exception e) {
                ex.sendResponseHeaders(400, -1);
                return;
            }
            received.add(new Received(call.name(), call, ex.getRequestHeaders().getFirst("Cookie"), ex.getRequestHeaders().getFirst("SOAPAction")));
            Function<XmlNode, Answer> f = answers.get(call.name());
            Answer a = f == null ? Answer.fault("not scripted: " + call.name(), "<MethodFault xmlns=\"urn:vim25\" xsi:type=\"MethodNotFound\"/>") : f.apply(call);
            if (!a.delay().isZero()) Thread.sleep(a.delay());
            String body = a.wrap() ? "<?xml version=\"1.0\" encoding=\"UTF-8\"?><soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\""
                    + " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\"><soapenv:Body>"
                    + a.body() + "</soapenv:Body></soapenv:Envelope>" : a.body();
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            if (call.name().equals("Login")) ex.getResponseHeaders().add("Set-Cookie", "vmware_soap_session=\"abc123\"; Path=/; HttpOnly; Secure");
            ex.getResponseHeaders().add("Content-Type", "text/xml; charset=utf-8");
            ex.sendResponseHeaders(a.status(), bytes.length);
            ex.getResponseBody().write(bytes);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
