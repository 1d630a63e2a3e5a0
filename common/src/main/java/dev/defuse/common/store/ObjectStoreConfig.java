package dev.defuse.common.store;

import dev.defuse.common.util.Require;

import java.net.URI;
import java.util.regex.Pattern;

/**
 * Where the object store is: an S3 endpoint URL (MinIO, S3Proxy, AWS), credentials, the bucket (default
 * {@value #DEFAULT_BUCKET}) and the signing region (default {@value #DEFAULT_REGION}).
 */
public record ObjectStoreConfig(String endpoint, String accessKey, String secretKey, String bucket, String region) {

    public static final String DEFAULT_BUCKET = "defuse";
    public static final String DEFAULT_REGION = "us-east-1";
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    public ObjectStoreConfig {
        Require.nonBlank(endpoint, "object store endpoint");
        URI uri;
        try {
            uri = URI.create(endpoint);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("object store endpoint '" + endpoint + "' is not a URL", e);
        }
        Require.check(("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null,
                "object store endpoint must be an http(s) URL such as http://localhost:9000, got '" + endpoint + "'");
        Require.nonBlank(accessKey, "object store access key");
        Require.nonBlank(secretKey, "object store secret key");
        bucket = bucket == null || bucket.isBlank() ? DEFAULT_BUCKET : bucket;
        Require.check(BUCKET.matcher(bucket).matches(),
                "bucket '" + bucket + "' is not a valid S3 bucket name (3-63 lower-case letters, digits, '.', '-')");
        region = region == null || region.isBlank() ? DEFAULT_REGION : region;
    }

    /** The default bucket and region. */
    public ObjectStoreConfig(String endpoint, String accessKey, String secretKey) {
        this(endpoint, accessKey, secretKey, DEFAULT_BUCKET, DEFAULT_REGION);
    }

    /** A copy for another bucket (e.g. one per test). */
    public ObjectStoreConfig withBucket(String otherBucket) {
        return new ObjectStoreConfig(endpoint, accessKey, secretKey, otherBucket, region);
    }

    /** Never prints the secret key. */
    @Override
    public String toString() {
        return "ObjectStoreConfig[endpoint=" + endpoint + ", accessKey=" + accessKey + ", secretKey=***, bucket="
                + bucket + ", region=" + region + "]";
    }
}
