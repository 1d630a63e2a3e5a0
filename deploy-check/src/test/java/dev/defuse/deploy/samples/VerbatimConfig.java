package dev.defuse.deploy.samples;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** A mapping with the verbatim naming strategy (see ConfigMappingsTest). */
@ConfigMapping(prefix = "verbatim", namingStrategy = ConfigMapping.NamingStrategy.VERBATIM)
public interface VerbatimConfig {

    @WithDefault("1")
    int maxItems();
}
