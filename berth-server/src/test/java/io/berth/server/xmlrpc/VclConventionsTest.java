package io.berth.server.xmlrpc;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** VCL's small conventions: 15-minute slots, MySQL datetimes, PHP's numbers, IPv4 checks, OS families. */
class VclConventionsTest {

    @Test
    void startsRoundDownAndEndsUpToQuarterHours() {
        long t = Instant.parse("2030-01-07T10:07:30Z").getEpochSecond();
        assertThat(VclTime.instant(VclTime.floor15(t))).isEqualTo(Instant.parse("2030-01-07T10:00:00Z"));
        assertThat(VclTime.instant(VclTime.ceil15(t))).isEqualTo(Instant.parse("2030-01-07T10:15:00Z"));
        long onSlot = Instant.parse("2030-01-07T10:15:00Z").getEpochSecond();
        assertThat(VclTime.floor15(onSlot)).isEqualTo(onSlot);
        assertThat(VclTime.ceil15(onSlot)).isEqualTo(onSlot);
    }

    @Test
    void mysqlDatetimesAreStrictAndReadAsUtc() {
        assertThat(VclTime.datetime("2030-01-07 10:00:00")).contains(Instant.parse("2030-01-07T10:00:00Z"));
        assertThat(VclTime.datetime("2030-02-30 10:00:00")).isEmpty();
        assertThat(VclTime.datetime("2030-01-07T10:00:00")).isEmpty();
        assertThat(VclTime.datetime(null)).isEmpty();
    }

    @Test
    void numbersMayComeAsNumericStrings() {
        assertThat(Params.asNumber(5)).contains(5L);
        assertThat(Params.asNumber(" 42 ")).contains(42L);
        assertThat(Params.asNumber("+7")).contains(7L);
        assertThat(Params.asNumber("-3")).contains(-3L);
        assertThat(Params.asNumber(60.0)).contains(60L);
        assertThat(Params.asNumber(1.5)).isEmpty();
        assertThat(Params.asNumber("now")).isEqualTo(Optional.empty());
        assertThat(Params.asNumber(List.of(1))).isEmpty();
        Params p = new Params("XMLRPCtest", List.of("12", Map.of()));
        assertThat(p.number(0, "id")).isEqualTo(12);
        assertThatThrownBy(() -> p.number(1, "other")).isInstanceOfSatisfying(XmlRpcFault.class,
                f -> assertThat(f.getMessage()).contains("parameter 2 (other) must be a number, not a struct"));
        assertThatThrownBy(() -> p.text(2, "missing")).hasMessageContaining("parameter 3 (missing) is missing");
    }

    @Test
    void clientAddressesAreIpv4AsVclChecksThem() {
        assertThat(ReservationMethods.validClientAddress("192.0.2.10")).isTrue();
        assertThat(ReservationMethods.validClientAddress("223.255.255.255")).isTrue();
        assertThat(ReservationMethods.validClientAddress("224.0.0.1")).isFalse();
        assertThat(ReservationMethods.validClientAddress("0.1.2.3")).isFalse();
        assertThat(ReservationMethods.validClientAddress("10.0.0.256")).isFalse();
        assertThat(ReservationMethods.validClientAddress("2001:db8::1")).isFalse();
        assertThat(ReservationMethods.validClientAddress(null)).isFalse();
    }

    @Test
    void osFamiliesComeFromTheOsText() {
        assertThat(ImageMethods.osType("Windows 11")).isEqualTo("windows");
        assertThat(ImageMethods.osType("Ubuntu 24.04")).isEqualTo("linux");
        assertThat(ImageMethods.osType("Rocky Linux 9")).isEqualTo("linux");
        assertThat(ImageMethods.osType("macOS 14")).isEqualTo("osx");
        assertThat(ImageMethods.osType("FreeBSD 14")).isEqualTo("unix");
        assertThat(ImageMethods.osType("")).isEmpty();
    }

    @Test
    void callArgumentsAreRecordedCompactly() {
        assertThat(CallRecorder.render(List.of(1, "now", Map.of("a", List.of(true)), new byte[3]))).isEqualTo("[1, \"now\", {\"a\": [true]}, <3 bytes>]");
        assertThat(CallRecorder.render(List.of("x".repeat(5000)))).hasSizeLessThanOrEqualTo(2000);
    }
}
