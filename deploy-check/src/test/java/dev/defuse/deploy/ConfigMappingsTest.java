package dev.defuse.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.defuse.deploy.samples.SampleConfig;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.jandex.Index;
import org.junit.jupiter.api.Test;

class ConfigMappingsTest {

    private static Map<String, Boolean> keysOfSamples() throws URISyntaxException {
        Path classes = Path.of(SampleConfig.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Index index = ConfigMappings.index(List.of(classes.resolve("dev/defuse/deploy/samples")));
        return ConfigMappings.read(index, index).stream()
                .collect(Collectors.toMap(ConfigProperty::pattern, ConfigProperty::required));
    }

    @Test
    void readsKeysAndRequirednessAsSmallRyeConfigDoes() throws URISyntaxException {
        assertThat(keysOfSamples()).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                Map.entry("sample.endpoint", true),
                Map.entry("sample.retry-delay", false),        // @WithDefault
                Map.entry("sample.admin-token", false),        // Optional
                Map.entry("sample.parallelism", false),        // OptionalInt
                Map.entry("sample.s3.bucket", true),           // @WithName group, required member
                Map.entry("sample.s3.region", false),
                Map.entry("sample.backup.bucket", false),      // optional group: nothing in it is required
                Map.entry("sample.backup.region", false),
                Map.entry("sample.max-items", true),           // @WithParentName: no segment of its own
                Map.entry("sample.vendors.*.api-key", false),  // map of groups
                Map.entry("sample.labels.*", false),           // map of values
                Map.entry("sample.hosts", true),               // list without default
                Map.entry("verbatim.maxItems", false)));       // VERBATIM naming, default methods skipped
    }

    @Test
    void environmentNamesFollowMicroProfileConfig() {
        assertThat(EnvNames.of("defuse.object-store.endpoint")).isEqualTo("DEFUSE_OBJECT_STORE_ENDPOINT");
        assertThat(EnvNames.matches("SAMPLE_VENDORS_ACME_CORP_API_KEY", "sample.vendors.*.api-key")).isTrue();
        assertThat(EnvNames.matches("SAMPLE_VENDORS_API_KEY", "sample.vendors.*.api-key")).isFalse();
        assertThat(EnvNames.matches("SAMPLE_NODES_0__HOST", "sample.nodes[*].host")).isTrue();
        assertThat(EnvNames.matches("DEFUSE_OBJECT_STORE_ENDPOINTS", "defuse.object-store.endpoint")).isFalse();
    }
}
