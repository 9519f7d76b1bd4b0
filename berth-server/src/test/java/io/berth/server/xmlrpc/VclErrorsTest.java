package io.berth.server.xmlrpc;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.server.support.PythonClient;
import io.berth.server.support.TestBerth;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What an unchanged VCL client gets when something is wrong: VCL's error structs and VCL's transport faults. */
class VclErrorsTest {
    static TestBerth berth;
    static JsonNode out;

    @BeforeAll
    static void run() {
        berth = TestBerth.start();
        out = PythonClient.run("xmlrpc/errors.py", Map.of("BERTH_URL", berth.server.baseUri().toString(),
                "VCL_USER", "alice", "VCL_PASS", TestBerth.PASSWORD, "IMAGE_NAME", "small"));
    }

    @AfterAll
    static void stop() {
        berth.close();
    }

    static void error(String key, int code, String message) {
        JsonNode r = out.get(key).get("result");
        assertThat(r).as(key + ": " + out.get(key)).isNotNull();
        assertThat(r.get("status").asText()).as(key).isEqualTo("error");
        assertThat(r.get("errorcode").asInt()).as(key).isEqualTo(code);
        assertThat(r.get("errormsg").asText()).as(key).isEqualTo(message);
    }

    static void fault(String key, int code) {
        assertThat(out.get(key).has("fault")).as(key + ": " + out.get(key)).isTrue();
        assertThat(out.get(key).get("fault").asInt()).as(key + ": " + out.get(key)).isEqualTo(code);
    }

    @Test
    void applicationErrorsAreVclErrorStructs() {
        error("unknownImage", 3, "access denied to 999999");
        error("badStart", 4, "received invalid input for start");
        error("startInThePast", 5, "start time is in the past");
        error("lengthOverMaximum", 6, "max allowed initial length is 480 minutes");
        error("endBeforeStart", 37, "start must be less than end");
        error("badEnd", 36, "received invalid input for end");
        error("unknownRequestStatus", 1, "unknown requestid");
        error("unknownRequestConnect", 1, "unknown requestid");
        error("badClientAddress", 2, "invalid IP address");
        error("unknownRequestExtend", 1, "unknown requestid");
        error("unknownRequestEnd", 1, "unknown requestid");
        error("notAnAdmin", 16, "access denied for managing groups");
        error("blocksNotAllowed", 34, "access denied for managing block allocations");
    }

    @Test
    void credentialsAndVersionAreTransportFaultsInVclsOrder() {
        fault("wrongPassword", 3);
        fault("unknownUser", 3);
        fault("noUserHeader", 3);
        fault("noPasswordHeader", 3);
        fault("noVersionHeader", 7);
        fault("apiVersion1", 8);
        fault("apiVersion3", 7);
        fault("otherAffiliation", 6);
        assertThat(out.at("/wrongPassword/faultString").asText()).isEqualTo("Access denied");
    }

    @Test
    void unknownFunctionsAndWrongParametersAreFaults() {
        fault("unknownFunction", 2);
        fault("wrongParameterCount", -32602);
        assertThat(out.at("/wrongParameterCount/faultString").asText()).contains("XMLRPCgetRequestStatus takes 1 parameter(s) (requestid), not 0");
        fault("wrongParameterType", -32602);
        assertThat(out.at("/wrongParameterType/faultString").asText()).contains("requestid").contains("a struct");
        fault("affiliationsModeRefusesOthers", 2);
    }

    @Test
    void theShortPathAndABareLoginWork() {
        assertThat(out.at("/shortPathWorks/result/string").asText()).isEqualTo("short");
        assertThat(out.at("/bareLoginIsLocal/result/string").asText()).isEqualTo("bare");
    }

    @Test
    void nothingWasReserved() {
        assertThat(berth.login("alice").get("/api/v1/reservations").expect(200).json()).isEmpty();
    }
}
