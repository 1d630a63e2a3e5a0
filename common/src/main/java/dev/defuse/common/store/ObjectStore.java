package dev.defuse.common.store;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.defuse.common.events.TensorRef;
import dev.defuse.common.util.Json;
import dev.defuse.common.util.Require;
import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.Item;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The pipeline's object store: one bucket of an S3-compatible server (MinIO, S3Proxy, AWS) through the MinIO Java
 * client. Every object is written with the SHA-256 of its content in user metadata ({@value #SHA256_METADATA}),
 * and every read verifies it: a mismatch is a {@link ChecksumMismatchException}, a missing object an
 * {@link ObjectNotFoundException}, anything else an {@link ObjectStoreException} naming the key.
 *
 * <p>Tensors ({@link FloatTensor}, DFT1 format, see {@link TensorCodec}) are streamed from their array on write and
 * into one new array on read. Thread-safe; one instance per application. Keys are validated by {@link ObjectKeys}.
 */
public class ObjectStore implements AutoCloseable {

    /** User-metadata name of the content checksum (sent as {@code x-amz-meta-sha256}). */
    public static final String SHA256_METADATA = "sha256";
    static final String SHA256_HEADER = "x-amz-meta-" + SHA256_METADATA;
    public static final String TENSOR_CONTENT_TYPE = "application/x-defuse-tensor";
    public static final String BLOB_CONTENT_TYPE = "application/octet-stream";
    public static final String JSON_CONTENT_TYPE = "application/json";
    /** Multipart part size: objects above it are uploaded in parts, each buffered once by the client. */
    static final long PART_SIZE = 16L * 1024 * 1024;

    private final ObjectStoreConfig config;
    private final MinioClient client;
    private final ObjectMapper json = Json.newObjectMapper();

    public ObjectStore(ObjectStoreConfig config) {
        this.config = Require.nonNull(config, "config");
        this.client = MinioClient.builder()
                .endpoint(config.endpoint())
                .credentials(config.accessKey(), config.secretKey())
                .region(config.region())
                .build();
    }

    public ObjectStoreConfig config() {
        return config;
    }

    public String bucket() {
        return config.bucket();
    }

    /** Creates the bucket if it does not exist (safe to call concurrently from several services). */
    public void ensureBucket() {
        call("check bucket", null, () -> {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket()).build())) {
                try {
                    client.makeBucket(MakeBucketArgs.builder().bucket(bucket()).region(config.region()).build());
                } catch (ErrorResponseException e) {
                    String code = e.errorResponse().code();
                    if (!"BucketAlreadyOwnedByYou".equals(code) && !"BucketAlreadyExists".equals(code)) {
                        throw e;
                    }
                }
            }
            return null;
        });
    }

    // ---------------------------------------------------------------- tensors

    /** Writes {@code tensor} in DFT1 format, streaming from its array (hashed in a first pass, then uploaded). */
    public StoredObject putTensor(String key, FloatTensor tensor) {
        ObjectKeys.validate(key);
        Require.nonNull(tensor, "tensor");
        String sha256 = TensorCodec.sha256(tensor);
        long size = TensorCodec.encodedSize(tensor);
        return put(key, TensorCodec.encode(tensor), size, sha256, TENSOR_CONTENT_TYPE);
    }

    /** Reads a DFT1 tensor, streaming into one array, and verifies its checksum. */
    public FloatTensor getTensor(String key) {
        return readTensor(key, null);
    }

    /** Reads the tensor {@code ref} names, failing if the stored object is not the version with {@code ref}'s sha256. */
    public FloatTensor getTensor(TensorRef ref) {
        Require.nonNull(ref, "ref");
        return readTensor(ref.key(), ref.sha256());
    }

    private FloatTensor readTensor(String key, String requiredSha256) {
        ObjectKeys.validate(key);
        return call("read tensor", key, () -> {
            try (GetObjectResponse response = open(key)) {
                String stored = storedSha256(key, response);
                if (requiredSha256 != null && !requiredSha256.equals(stored)) {
                    throw ChecksumMismatchException.replaced(key, requiredSha256, stored);
                }
                VerifyingInputStream in = new VerifyingInputStream(response, key, stored);
                try {
                    return TensorCodec.decode(in, "object '" + key + "'", contentLength(response));
                } catch (TensorFormatException formatError) {
                    // a corrupt object usually shows up as a format error first: report the root cause
                    in.drain();
                    throw formatError;
                }
            }
        });
    }

    // ---------------------------------------------------------------- blobs

    public StoredObject putBlob(String key, byte[] content) {
        return putBlob(key, content, BLOB_CONTENT_TYPE);
    }

    private StoredObject putBlob(String key, byte[] content, String contentType) {
        ObjectKeys.validate(key);
        Require.nonNull(content, "content");
        return put(key, new ByteArrayInputStream(content), content.length, Sha256.hex(content), contentType);
    }

    /**
     * Writes {@code size} bytes from {@code content}. The checksum must be known before the upload starts (it is sent
     * as metadata), so the stream is first spooled to a temporary file while it is hashed; for content already in a
     * file use {@link #putFile}.
     */
    public StoredObject putBlob(String key, InputStream content, long size) {
        ObjectKeys.validate(key);
        Require.nonNull(content, "content");
        Require.nonNegative(size, "size");
        Path spool = null;
        try {
            spool = Files.createTempFile("defuse-upload-", ".bin");
            MessageDigest digest = Sha256.newDigest();
            long copied;
            try (InputStream in = new DigestInputStream(content, digest);
                 OutputStream out = Files.newOutputStream(spool)) {
                copied = in.transferTo(out);
            }
            if (copied != size) {
                throw new IllegalArgumentException("content for '" + key + "' has " + copied
                        + " bytes, but size " + size + " was declared");
            }
            String sha256 = Sha256.hex(digest);
            try (InputStream in = Files.newInputStream(spool)) {
                return put(key, in, size, sha256, BLOB_CONTENT_TYPE);
            }
        } catch (IOException e) {
            throw new ObjectStoreException("cannot stage upload of '" + key + "': " + e, e);
        } finally {
            deleteQuietly(spool);
        }
    }

    /** Writes the content of {@code file} (hashed in a first pass over the file, then streamed). */
    public StoredObject putFile(String key, Path file) {
        ObjectKeys.validate(key);
        Require.nonNull(file, "file");
        try {
            MessageDigest digest = Sha256.newDigest();
            try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
                in.transferTo(OutputStream.nullOutputStream());
            }
            String sha256 = Sha256.hex(digest);
            try (InputStream in = Files.newInputStream(file)) {
                return put(key, in, Files.size(file), sha256, BLOB_CONTENT_TYPE);
            }
        } catch (IOException e) {
            throw new ObjectStoreException("cannot read file " + file + " to upload as '" + key + "': " + e, e);
        }
    }

    /** Reads a whole object (up to 2 GiB) and verifies its checksum. */
    public byte[] getBlob(String key) {
        ObjectKeys.validate(key);
        return call("read", key, () -> {
            try (GetObjectResponse response = open(key)) {
                long length = contentLength(response);
                if (length > Integer.MAX_VALUE - 8) {
                    throw new ObjectStoreException("object '" + key + "' has " + length
                            + " bytes, too large for one array: use openBlob");
                }
                VerifyingInputStream in = new VerifyingInputStream(response, key, storedSha256(key, response));
                return in.readAllBytes();
            }
        });
    }

    /**
     * Opens an object for streaming. The stream verifies the checksum when its end is reached and then throws
     * {@link ChecksumMismatchException} from {@code read} if the content is corrupt: read it to the end before
     * trusting what was read. The caller closes the stream.
     */
    public InputStream openBlob(String key) {
        ObjectKeys.validate(key);
        return call("open", key, () -> {
            GetObjectResponse response = open(key);
            try {
                return new VerifyingInputStream(response, key, storedSha256(key, response));
            } catch (RuntimeException e) {
                response.close();
                throw e;
            }
        });
    }

    // ---------------------------------------------------------------- JSON

    /** Writes {@code value} as JSON (shared mapper settings, see {@link Json}). */
    public StoredObject putJson(String key, Object value) {
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(Require.nonNull(value, "value"));
        } catch (IOException e) {
            throw new ObjectStoreException("cannot write " + value.getClass().getSimpleName() + " as JSON for '"
                    + key + "': " + e.getMessage(), e);
        }
        return putBlob(key, bytes, JSON_CONTENT_TYPE);
    }

    /**
     * Reads a JSON document (checksum verified) as {@code type}.
     *
     * @throws JsonFormatException if the verified bytes are not valid JSON for {@code type}
     */
    public <T> T getJson(String key, Class<T> type) {
        return readJson(key, json.constructType(type));
    }

    public <T> T getJson(String key, TypeReference<T> type) {
        return readJson(key, json.constructType(type));
    }

    private <T> T readJson(String key, JavaType type) {
        byte[] bytes = getBlob(key);
        try {
            return json.readValue(bytes, type);
        } catch (IOException e) {
            throw new JsonFormatException("object '" + key + "' is not valid JSON for "
                    + type.getRawClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- listing and metadata

    public boolean exists(String key) {
        try {
            stat(key);
            return true;
        } catch (ObjectNotFoundException e) {
            return false;
        }
    }

    /** Size and recorded checksum of an object, without reading it. */
    public StoredObject stat(String key) {
        ObjectKeys.validate(key);
        return call("stat", key, () -> {
            StatObjectResponse stat = client.statObject(
                    StatObjectArgs.builder().bucket(bucket()).object(key).build());
            String sha256 = stat.headers().get(SHA256_HEADER);
            if (sha256 == null) {
                throw missingChecksum(key);
            }
            return new StoredObject(key, stat.size(), sha256);
        });
    }

    /** Keys under {@code prefix} (recursively), in lexicographic order. */
    public List<String> list(String prefix) {
        ObjectKeys.validatePrefix(prefix);
        return call("list", prefix, () -> {
            List<String> keys = new ArrayList<>();
            for (Result<Item> result : client.listObjects(
                    ListObjectsArgs.builder().bucket(bucket()).prefix(prefix).recursive(true).build())) {
                Item item = result.get();
                if (!item.isDir()) {
                    keys.add(item.objectName());
                }
            }
            keys.sort(null);
            return keys;
        });
    }

    /** Deletes an object; deleting a missing object is not an error. */
    public void delete(String key) {
        ObjectKeys.validate(key);
        call("delete", key, () -> {
            client.removeObject(RemoveObjectArgs.builder().bucket(bucket()).object(key).build());
            return null;
        });
    }

    /** Deletes every object under {@code prefix} (which must not be empty); returns how many. */
    public int deleteAll(String prefix) {
        Require.check(!ObjectKeys.validatePrefix(prefix).isEmpty(), "deleteAll needs a non-empty prefix");
        List<String> keys = list(prefix);
        keys.forEach(this::delete);
        return keys.size();
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (Exception e) {
            throw new ObjectStoreException("cannot close the object store client: " + e, e);
        }
    }

    // ---------------------------------------------------------------- internals

    private StoredObject put(String key, InputStream content, long size, String sha256, String contentType) {
        return call("write", key, () -> {
            client.putObject(PutObjectArgs.builder()
                    .bucket(bucket())
                    .object(key)
                    .stream(content, size, size > PART_SIZE ? PART_SIZE : -1)
                    .contentType(contentType)
                    .userMetadata(Map.of(SHA256_METADATA, sha256))
                    .build());
            return new StoredObject(key, size, sha256);
        });
    }

    private GetObjectResponse open(String key) throws Exception {
        return client.getObject(GetObjectArgs.builder().bucket(bucket()).object(key).build());
    }

    private static String storedSha256(String key, GetObjectResponse response) {
        String sha256 = response.headers().get(SHA256_HEADER);
        if (sha256 == null) {
            throw missingChecksum(key);
        }
        return sha256;
    }

    private static ObjectStoreException missingChecksum(String key) {
        return new ObjectStoreException("object '" + key + "' has no " + SHA256_METADATA
                + " metadata, so its content cannot be verified (it was not written by ObjectStore)");
    }

    private static long contentLength(GetObjectResponse response) {
        String length = response.headers().get("Content-Length");
        return length == null ? -1 : Long.parseLong(length);
    }

    private static void deleteQuietly(Path path) {
        if (path != null) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException ignored) {
                // a leftover temp file is harmless
            }
        }
    }

    @FunctionalInterface
    private interface StoreCall<T> {
        T run() throws Exception;
    }

    /** Runs a client call, translating its many checked exceptions into this API's unchecked ones. */
    private <T> T call(String operation, String key, StoreCall<T> body) {
        try {
            return body.run();
        } catch (ObjectStoreException | IllegalArgumentException e) {
            throw e;
        } catch (ErrorResponseException e) {
            String code = e.errorResponse().code();
            if ("NoSuchKey".equals(code) || "NoSuchObject".equals(code)) {
                throw new ObjectNotFoundException(bucket(), key);
            }
            if ("NoSuchBucket".equals(code)) {
                throw new ObjectStoreException("bucket '" + bucket() + "' does not exist at " + config.endpoint()
                        + " (create it with ensureBucket())", e);
            }
            throw new ObjectStoreException(failure(operation, key) + ": " + code + " " + e.getMessage(), e);
        } catch (UncheckedIOException e) {
            throw new ObjectStoreException(failure(operation, key) + ": " + e.getCause(), e);
        } catch (IOException e) {
            throw new ObjectStoreException(failure(operation, key) + ": " + e, e);
        } catch (Exception e) {
            throw new ObjectStoreException(failure(operation, key) + ": " + e, e);
        }
    }

    private String failure(String operation, String key) {
        return "cannot " + operation + (key == null ? "" : " '" + key + "'") + " in bucket '" + bucket() + "' at "
                + config.endpoint();
    }
}
