package dev.defuse.common.config;

import dev.defuse.common.store.ObjectStoreConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Object-store settings of every service ({@code defuse.object-store.*}, overridable by environment variables such
 * as {@code DEFUSE_OBJECT_STORE_ENDPOINT}).
 */
@ConfigMapping(prefix = "defuse.object-store")
public interface ObjectStoreSettings {

    /** S3 endpoint URL of MinIO (or S3Proxy locally, or AWS S3), e.g. {@code http://localhost:9000}. */
    String endpoint();

    /** Access key (S3 signature v4). */
    String accessKey();

    /** Secret key (S3 signature v4). */
    String secretKey();

    /** Bucket holding datasets, models, tensors and jobs; created at first use if missing. */
    @WithDefault(ObjectStoreConfig.DEFAULT_BUCKET)
    String bucket();

    /** Signing region; MinIO and S3Proxy accept the default. */
    @WithDefault(ObjectStoreConfig.DEFAULT_REGION)
    String region();

    /** These settings as an {@link ObjectStoreConfig}. */
    default ObjectStoreConfig toConfig() {
        return new ObjectStoreConfig(endpoint(), accessKey(), secretKey(), bucket(), region());
    }
}
