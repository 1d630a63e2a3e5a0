package dev.defuse.common.config;

import dev.defuse.common.store.ObjectStoreConfig;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ObjectStoreSettingsTest {

    private static ObjectStoreSettings settings(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(ObjectStoreSettings.class)
                .withSources(new PropertiesConfigSource(properties, "test", 100))
                .build();
        return config.getConfigMapping(ObjectStoreSettings.class);
    }

    @Test
    void bucketAndRegionHaveDefaults() {
        ObjectStoreSettings s = settings(Map.of(
                "defuse.object-store.endpoint", "http://localhost:9000",
                "defuse.object-store.access-key", "ak",
                "defuse.object-store.secret-key", "sk"));
        assertThat(s.toConfig()).isEqualTo(new ObjectStoreConfig("http://localhost:9000", "ak", "sk", "defuse",
                "us-east-1"));
    }

    @Test
    void everyKeyCanBeSet() {
        ObjectStoreSettings s = settings(Map.of(
                "defuse.object-store.endpoint", "https://minio.example:9000",
                "defuse.object-store.access-key", "ak",
                "defuse.object-store.secret-key", "sk",
                "defuse.object-store.bucket", "other-bucket",
                "defuse.object-store.region", "eu-west-1"));
        assertThat(s.bucket()).isEqualTo("other-bucket");
        assertThat(s.region()).isEqualTo("eu-west-1");
    }

    @Test
    void endpointAndCredentialsAreRequired() {
        assertThatThrownBy(() -> settings(Map.of("defuse.object-store.access-key", "ak")))
                .hasMessageContaining("defuse.object-store.endpoint");
    }
}
