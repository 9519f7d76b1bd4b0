package io.berth.rm.vsphere.soap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a real vCenter may do that the simulator does not: newer fields, paged results, faults, silence. */
class SoapToleranceTest {
    FakeVim vim;
    VimClient client;

    @BeforeEach
    void start() throws IOException {
        vim = new FakeVim();
        client = new VimClient(new VimEndpoint(vim.url(), new TrustSettings(null, null, true),
                new Credentials("berth", Secret.of("pw<&>")), Duration.ofSeconds(2), Duration.ofMillis(1500)));
    }

    @AfterEach
    void stop() {
        client.close();
        vim.close();
    }

    @Test
    void elementsThisClientDoesNotKnowAreIgnored() throws VimException {
        vim.on("CreateContainerView", c -> FakeVim.Answer.soap("<CreateContainerViewResponse xmlns=\"urn:vim25\"><returnval type=\"ContainerView\">session[1]v1</returnval><extra>1</extra></CreateContainerViewResponse>"))
                .on("DestroyView", c -> FakeVim.Answer.soap("<DestroyViewResponse xmlns=\"urn:vim25\"/>"))
                .on("RetrievePropertiesEx", c -> FakeVim.Answer.soap("""
                        <RetrievePropertiesExResponse xmlns="urn:vim25"><returnval>
                          <objects><obj type="HostSystem">host-1</obj><futureFlag>true</futureFlag>
                            <propSet><name>name</name><val xsi:type="xsd:string">esx-1</val></propSet>
                            <propSet><name>summary.hardware</name><val xsi:type="HostHardwareSummary"><numCpuCores>32</numCpuCores>
                              <quantumAccelerators xsi:type="ArrayOfQpu"><Qpu>1</Qpu></quantumAccelerators></val></propSet>
                            <missingSet><path>vm</path><fault><fault xsi:type="NoPermission"/></fault></missingSet>
                          </objects>
                        </returnval></RetrievePropertiesExResponse>"""));

        List<ObjectContent> hosts = client.properties().all(new MoRef("Folder", "group-d1"), "HostSystem", List.of("name", "summary.hardware", "vm"));

        assertThat(client.session().content().fullName()).isEqualTo("VMware vCenter Server 9.0 (fake)");
        assertThat(hosts).singleElement().satisfies(h -> {
            assertThat(h.obj()).isEqualTo(new MoRef("HostSystem", "host-1"));
            assertThat(h.string("name")).contains("esx-1");
            assertThat(h.get("summary.hardware").flatMap(v -> v.text("numCpuCores"))).contains("32");
            assertThat(h.refs("vm")).isEmpty();
        });
    }

    @Test
    void pagedResultsAreFollowedToTheLastToken() throws VimException {
        vim.on("CreateContainerView", c -> FakeVim.Answer.soap("<CreateContainerViewResponse xmlns=\"urn:vim25\"><returnval type=\"ContainerView\">v</returnval></CreateContainerViewResponse>"))
                .on("DestroyView", c -> FakeVim.Answer.soap("<DestroyViewResponse xmlns=\"urn:vim25\"/>"))
                .on("RetrievePropertiesEx", c -> FakeVim.Answer.soap(page("t1", "vm-1", "vm-2")))
                .on("ContinueRetrievePropertiesEx", c -> FakeVim.Answer.soap(c.text("token").orElse("").equals("t1")
                        ? page("t2", "vm-3").replace("RetrievePropertiesExResponse", "ContinueRetrievePropertiesExResponse")
                        : page(null, "vm-4").replace("RetrievePropertiesExResponse", "ContinueRetrievePropertiesExResponse")));

        List<ObjectContent> vms = client.properties().all(new MoRef("Folder", "group-v1"), "VirtualMachine", List.of("name"));

        assertThat(vms).extracting(o -> o.obj().value()).containsExactly("vm-1", "vm-2", "vm-3", "vm-4");
        assertThat(vim.calls("ContinueRetrievePropertiesEx")).extracting(r -> r.call().text("token").orElseThrow()).containsExactly("t1", "t2");
        assertThat(vim.calls("RetrievePropertiesEx").getFirst().call().at("options/maxObjects").map(XmlNode::text)).contains("500");
        assertThat(vim.calls("DestroyView")).hasSize(1);
    }

    private static String page(String token, String... vms) {
        StringBuilder sb = new StringBuilder("<RetrievePropertiesExResponse xmlns=\"urn:vim25\"><returnval>");
        if (token != null) sb.append("<token>").append(token).append("</token>");
        for (String vm : vms) {
            sb.append("<objects><obj type=\"VirtualMachine\">").append(vm).append("</obj><propSet><name>name</name><val xsi:type=\"xsd:string\">")
                    .append(vm).append("</val></propSet></objects>");
        }
        return sb.append("</returnval></RetrievePropertiesExResponse>").toString();
    }

    @Test
    void theSessionCookieAndTheApiVersionGoWithEveryCallAfterLogin() throws VimException {
        vim.on("FindChild", c -> FakeVim.Answer.soap("<FindChildResponse xmlns=\"urn:vim25\"/>"));

        assertThat(client.vms().findChild(new MoRef("Folder", "f"), "x")).isEmpty();

        FakeVim.Received login = vim.calls("Login").getFirst();
        assertThat(login.call().text("password")).contains("pw<&>"); // escaped on the wire, intact on arrival
        assertThat(login.cookie()).isNull();
        assertThat(vim.calls("FindChild").getFirst().cookie()).isEqualTo("vmware_soap_session=\"abc123\"");
        assertThat(vim.received).extracting(FakeVim.Received::soapAction).containsOnly("urn:vim25/" + VimEndpoint.API_VERSION);
    }

    @Test
    void aFaultIsTypedByItsXsiTypeOrElseItsElementName() {
        vim.on("FindChild", c -> FakeVim.Answer.fault("A specified parameter was not correct: name",
                "<InvalidArgumentFault xmlns=\"urn:vim25\" xsi:type=\"InvalidArgument\"><invalidProperty>name</invalidProperty></InvalidArgumentFault>"));
        vim.on("CreateFolder", c -> FakeVim.Answer.fault("no", "<NoPermissionFault xmlns=\"urn:vim25\"><privilegeId>Folder.Create</privilegeId></NoPermissionFault>"));

        assertThatThrownBy(() -> client.vms().findChild(new MoRef("Folder", "f"), "x"))
                .isInstanceOfSatisfying(SoapFault.class, f -> {
                    assertThat(f.faultName()).isEqualTo("InvalidArgument");
                    assertThat(f.detail().flatMap(d -> d.text("invalidProperty"))).contains("name");
                })
                .hasMessage("FindChild failed: InvalidArgument: A specified parameter was not correct: name");
        assertThatThrownBy(() -> client.session().call(XmlElement.of("CreateFolder").add(XmlElement.ref("_this", new MoRef("Folder", "f")))))
                .isInstanceOfSatisfying(SoapFault.class, f -> assertThat(f.faultName()).isEqualTo("NoPermission"));
    }

    @Test
    void anAnswerThatIsNotSoapIsAnUnavailableEndpoint() {
        vim.on("FindChild", c -> FakeVim.Answer.raw(503, "<html><body>Service Unavailable</body></html>"));

        assertThatThrownBy(() -> client.session().call(XmlElement.of("FindChild")))
                .isInstanceOfSatisfying(EndpointUnavailable.class, e -> assertThat(e.isTransient()).isTrue())
                .hasMessageContaining("HTTP 503");
    }

    @Test
    void aDocumentWithEntitiesIsRefusedUnread() {
        vim.on("FindChild", c -> FakeVim.Answer.raw(200, "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
                + "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\"><soapenv:Body><FindChildResponse>&e;</FindChildResponse></soapenv:Body></soapenv:Envelope>"));

        assertThatThrownBy(() -> client.session().call(XmlElement.of("FindChild"))).isInstanceOf(EndpointUnavailable.class)
                .hasMessageContaining("not SOAP");
    }

    @Test
    void aSlowEndpointTimesOutWithinTheCallTimeout() {
        vim.on("FindChild", c -> FakeVim.Answer.soap("<FindChildResponse xmlns=\"urn:vim25\"/>").after(Duration.ofSeconds(10)));
        long started = System.nanoTime();

        assertThatThrownBy(() -> client.session().call(XmlElement.of("FindChild")))
                .isInstanceOfSatisfying(EndpointUnavailable.class, e -> assertThat(e.timedOut()).isTrue());
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void readsAreRetriedWhileTheEndpointIsBrieflyAwayButChangesAreNot() throws VimException {
        int[] calls = {0};
        vim.on("FindChild", c -> ++calls[0] < 3 ? FakeVim.Answer.raw(503, "busy") : FakeVim.Answer.soap("<FindChildResponse xmlns=\"urn:vim25\"/>"));
        vim.on("CreateFolder", c -> FakeVim.Answer.raw(503, "busy"));

        assertThat(client.vms().findChild(new MoRef("Folder", "f"), "x")).isEmpty();
        assertThat(calls[0]).isEqualTo(3);
        assertThatThrownBy(() -> client.session().call(XmlElement.of("CreateFolder"))).isInstanceOf(EndpointUnavailable.class);
        assertThat(vim.calls("CreateFolder")).hasSize(1);
    }

    @Test
    void aClosedPortIsAnUnavailableEndpoint() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (VimClient nowhere = new VimClient(new VimEndpoint(URI.create("http://127.0.0.1:" + port + "/sdk"),
                new TrustSettings(null, null, true), new Credentials("u", Secret.of("p")), Duration.ofSeconds(1), Duration.ofSeconds(1)))) {
            assertThatThrownBy(() -> nowhere.session().content())
                    .isInstanceOfSatisfying(EndpointUnavailable.class, e -> assertThat(e.timedOut()).isFalse())
                    .hasMessageContaining("connection refused");
        }
    }

    @Test
    void taskErrorsCarryTheFaultNameAndMessage() {
        vim.on("PowerOnVM_Task", c -> FakeVim.Answer.soap("<PowerOnVM_TaskResponse xmlns=\"urn:vim25\"><returnval type=\"Task\">task-7</returnval></PowerOnVM_TaskResponse>"))
                .on("RetrievePropertiesEx", c -> FakeVim.Answer.soap("""
                        <RetrievePropertiesExResponse xmlns="urn:vim25"><returnval><objects><obj type="Task">task-7</obj>
                          <propSet><name>info</name><val xsi:type="TaskInfo"><key>task-7</key><state>error</state>
                            <error><fault xsi:type="InsufficientMemoryResourcesFault"><unreserved>0</unreserved></fault>
                              <localizedMessage>Insufficient memory resources.</localizedMessage></error></val></propSet>
                        </objects></returnval></RetrievePropertiesExResponse>"""));

        assertThatThrownBy(() -> client.vms().powerOn(new MoRef("VirtualMachine", "vm-1"), null, Duration.ofSeconds(5)))
                .isInstanceOfSatisfying(TaskFailed.class, t -> {
                    assertThat(t.faultName()).isEqualTo("InsufficientMemoryResourcesFault");
                    assertThat(t.task()).isEqualTo(new MoRef("Task", "task-7"));
                })
                .hasMessage("powering on vm-1 failed: InsufficientMemoryResourcesFault: Insufficient memory resources.");
    }
}
