package io.berth.rm.vsphere.soap;

import org.junit.jupiter.api.Test;

import javax.xml.stream.XMLStreamException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class XmlTest {

    @Test
    void requestsEscapeTextAndAttributesAndKeepFieldOrder() {
        XmlElement call = XmlElement.of("Login").add(XmlElement.ref("_this", new MoRef("Session<Type>", "Session\"Manager")))
                .add("userName", "a<b").add("password", "p&'\u0001q").add("locale", null);

        assertThat(Envelope.write(call)).contains("<Login xmlns=\"urn:vim25\"><_this type=\"Session&lt;Type&gt;\">Session&quot;Manager</_this>"
                + "<userName>a&lt;b</userName><password>p&amp;&apos;q</password></Login>");
    }

    @Test
    void typedAttributesAreReadByNamespaceWhateverTheirPrefix() throws XMLStreamException {
        XmlNode val = parse("<val xmlns:XMLSchema-instance=\"http://www.w3.org/2001/XMLSchema-instance\" "
                + "XMLSchema-instance:type=\"ManagedObjectReference\" type=\"HostSystem\"> host-21 </val>");

        assertThat(val.xsiType()).isEqualTo("ManagedObjectReference");
        assertThat(val.moRef()).isEqualTo(new MoRef("HostSystem", "host-21"));
    }

    @Test
    void aFaultWithoutDetailIsNamedByItsCode() throws XMLStreamException {
        XmlNode fault = parse("<Fault><faultcode>soapenv:Server</faultcode><faultstring>boom</faultstring></Fault>");

        SoapFault f = Envelope.fault(fault, "X");

        assertThat(f.faultName()).isEqualTo("Server");
        assertThat(f.getMessage()).isEqualTo("X failed: Server: boom");
    }

    @Test
    void thumbprintsAreReadInEitherDigestAndAnySpelling() {
        assertThat(Thumbprint.parse("2c:11:ed:d7:13:87:7d:b5:74:18:b8:1c:42:c2:56:1f:0d:b9:5b:b9").algorithm()).isEqualTo("SHA-1");
        assertThat(Thumbprint.parse("448F628A8A65AA18560E53A80C53ACB38C51B427DF0334082349141147DC9BF6"))
                .isEqualTo(Thumbprint.parse("44:8F:62:8A:8A:65:AA:18:56:0E:53:A8:0C:53:AC:B3:8C:51:B4:27:DF:03:34:08:23:49:14:11:47:DC:9B:F6"));
        assertThatThrownBy(() -> Thumbprint.parse("AB:CD")).hasMessageContaining("20 bytes");
        assertThatThrownBy(() -> Thumbprint.parse("not hex")).hasMessageContaining("hex digits");
    }

    @Test
    void aSecretNeverPrints() {
        Credentials c = new Credentials("berth", Secret.of("hunter2"));

        assertThat(c.toString()).doesNotContain("hunter2").contains("****");
    }

    private static XmlNode parse(String xml) throws XMLStreamException {
        return XmlParser.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }
}
