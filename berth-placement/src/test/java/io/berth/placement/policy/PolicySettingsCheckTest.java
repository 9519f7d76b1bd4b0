package io.berth.placement.policy;

import io.berth.core.resource.PolicySettingException;
import io.berth.placement.PolicyRegistry;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class PolicySettingsCheckTest {
    final PolicyRegistry registry = PolicyRegistry.withBuiltIns();

    @ParameterizedTest(name = "{0}: {1}={2}")
    @CsvSource(delimiter = '|', value = {
            "least-loaded | weight.balance          | 1     | unknown setting",   // balanced's scorer, not least-loaded's
            "balanced     | weight.balanse          | 1     | unknown setting",   // a typo
            "round-robin  | max-cpu                 | 0.5   | unknown setting",
            "balanced     | max-cpu                 | 1.5   | between",
            "balanced     | max-cpu                 | high  | must be a number",
            "packing      | weight.packing          | -1    | between",
            "least-loaded | selection               | worst | must be one of",
            "least-loaded | top-k                   | 0     | between",
            "least-loaded | top-k                   | 2.5   | whole number",
            "balanced     | explain-all-below       | lots  | must be a number",
            "round-robin  | vm-utilisation          | 2     | between",
            "least-loaded | weight.current-load     | 0     | at least one scorer",
    })
    void aBadSettingIsRefusedNamingTheKey(String policy, String key, String value, String message) {
        PolicySettingException e = catchThrowableOfType(PolicySettingException.class, () -> registry.check(policy, Map.of(key, value)));
        assertThat(e).as("%s=%s for %s", key, value, policy).isNotNull();
        assertThat(e.setting()).isEqualTo(key);
        assertThat(e.getMessage()).contains(message);
    }

    @Test
    void goodSettingsPass() {
        assertThatCode(() -> registry.check("balanced", Map.of("weight.balance", "0", "max-cpu", "0.85", "selection", "top-k",
                "top-k", "5", "explain-all-below", "10", "vm-utilisation", "0.3"))).doesNotThrowAnyException();
        assertThatCode(() -> registry.check("round-robin", Map.of("explain-all-below", "10"))).doesNotThrowAnyException();
    }

    @Test
    void describeListsTheSettingsEachPolicyTakes() {
        var byName = registry.describe().stream().collect(java.util.stream.Collectors.toMap(d -> d.name(), d -> d));
        assertThat(byName.get("balanced").settings()).containsKeys("weight.forecast-headroom", "weight.balance",
                "weight.current-load", "max-cpu", "selection", "top-k");
        assertThat(byName.get("least-loaded").settings()).doesNotContainKey("weight.balance");
    }
}
