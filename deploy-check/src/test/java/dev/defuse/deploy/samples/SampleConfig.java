package dev.defuse.deploy.samples;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import io.smallrye.config.WithParentName;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** Every shape of a config mapping that ConfigMappings must read (see ConfigMappingsTest). */
@ConfigMapping(prefix = "sample")
public interface SampleConfig {

    String endpoint();

    @WithDefault("PT1S")
    Duration retryDelay();

    Optional<String> adminToken();

    OptionalInt parallelism();

    @WithName("s3")
    Store store();

    Optional<Store> backup();

    @WithParentName
    Limits limits();

    Map<String, Vendor> vendors();

    Map<String, String> labels();

    List<String> hosts();

    default String describe() {
        return endpoint();
    }

    interface Store {
        String bucket();

        @WithDefault("us-east-1")
        String region();
    }

    interface Limits {
        int maxItems();
    }

    interface Vendor {
        String apiKey();
    }
}
