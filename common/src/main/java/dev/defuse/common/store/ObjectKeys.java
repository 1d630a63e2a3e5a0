package dev.defuse.common.store;

import dev.defuse.common.util.Require;

import java.util.Locale;

/**
 * Builds and validates object keys. One bucket holds four prefixes:
 * <ul>
 *   <li>{@code datasets/{name}/…} — dataset files (IDX files, image folders)</li>
 *   <li>{@code models/{modelId}/params.bin} and {@code models/{modelId}/manifest.json} — model registry</li>
 *   <li>{@code tensors/{jobId}/{stage}/…} — tensors a job produces, e.g.
 *       {@code tensors/{jobId}/identify/shard-00003.dft}</li>
 *   <li>{@code jobs/{jobId}/…} — job specification ({@code spec.json}) and job state</li>
 * </ul>
 * A valid key is relative ({@code /} does not start it), has no empty, {@code .} or {@code ..} segment, no
 * backslash or control character and at most 1024 UTF-8 bytes.
 */
public final class ObjectKeys {

    public static final String DATASETS = "datasets/";
    public static final String MODELS = "models/";
    public static final String TENSORS = "tensors/";
    public static final String JOBS = "jobs/";
    /** File extension of DFT1 tensor objects. */
    public static final String TENSOR_EXTENSION = ".dft";
    public static final String MODEL_PARAMS = "params.bin";
    public static final String MODEL_MANIFEST = "manifest.json";
    public static final String JOB_SPEC = "spec.json";
    private static final int MAX_KEY_BYTES = 1024;

    private ObjectKeys() {
    }

    /** Returns {@code key} if it is a valid object key, else throws {@link IllegalArgumentException} saying why. */
    public static String validate(String key) {
        Require.nonNull(key, "object key");
        Require.check(!key.isEmpty(), "object key must not be empty");
        Require.check(!key.endsWith("/"), "object key '" + key + "' must not end with '/' (that is a prefix)");
        return validatePath(key, "object key");
    }

    /** Returns {@code prefix} if it is empty or a valid key prefix (it may end with '/'). */
    public static String validatePrefix(String prefix) {
        Require.nonNull(prefix, "prefix");
        if (prefix.isEmpty()) {
            return prefix;
        }
        validatePath(prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix, "prefix");
        return prefix;
    }

    private static String validatePath(String key, String what) {
        Require.check(!key.startsWith("/"), what + " '" + key + "' must not start with '/'");
        Require.check(key.indexOf('\\') < 0, what + " '" + key + "' must not contain '\\'");
        Require.check(key.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= MAX_KEY_BYTES,
                what + " is longer than " + MAX_KEY_BYTES + " bytes");
        for (int i = 0; i < key.length(); i++) {
            Require.check(!Character.isISOControl(key.charAt(i)),
                    what + " '" + key.replaceAll("\\p{Cntrl}", "?") + "' contains a control character");
        }
        for (String segment : key.split("/", -1)) {
            Require.check(!segment.isEmpty(), what + " '" + key + "' has an empty segment ('//')");
            Require.check(!segment.equals(".") && !segment.equals(".."),
                    what + " '" + key + "' must not contain a '" + segment + "' segment");
        }
        return key;
    }

    /** Joins validated segments with '/'. */
    public static String join(String... segments) {
        return validate(String.join("/", segments));
    }

    /** {@code jobs/{jobId}/}. */
    public static String jobPrefix(String jobId) {
        return JOBS + Require.jobId(jobId) + "/";
    }

    /** {@code jobs/{jobId}/spec.json}. */
    public static String jobSpec(String jobId) {
        return jobPrefix(jobId) + JOB_SPEC;
    }

    /** {@code jobs/{jobId}/{name}}, e.g. a stage's durable state. */
    public static String jobObject(String jobId, String name) {
        return validate(jobPrefix(jobId) + name);
    }

    /** {@code tensors/{jobId}/}. */
    public static String jobTensors(String jobId) {
        return TENSORS + Require.jobId(jobId) + "/";
    }

    /** {@code tensors/{jobId}/{stage}/{name}.dft}. */
    public static String tensor(String jobId, String stage, String name) {
        String file = name.endsWith(TENSOR_EXTENSION) ? name : name + TENSOR_EXTENSION;
        return validate(jobTensors(jobId) + Require.nonBlank(stage, "stage") + "/" + file);
    }

    /** The decoded mistakes of an identify shard: {@code tensors/{jobId}/identify/shard-00003.dft}. */
    public static String identifyShard(String jobId, int shardIndex) {
        Require.nonNegative(shardIndex, "shardIndex");
        return tensor(jobId, "identify", String.format(Locale.ROOT, "shard-%05d", shardIndex));
    }

    /**
     * Decoded samples of a region: {@code tensors/{jobId}/distill/region-002-review.dft} ({@code set} is
     * {@code review}, {@code finetune} or {@code test}).
     */
    public static String regionSamples(String jobId, int regionId, String set) {
        Require.nonNegative(regionId, "regionId");
        Require.check(set != null && set.matches("[a-z][a-z0-9-]*"),
                "sample set must be a lower-case word such as review, finetune or test, got '" + set + "'");
        return tensor(jobId, "distill", String.format(Locale.ROOT, "region-%03d-%s", regionId, set));
    }

    /** Folder of a job's visual report: {@code jobs/{jobId}/report/}. */
    public static String jobReportPrefix(String jobId) {
        return jobPrefix(jobId) + "report/";
    }

    /**
     * One file of a job's visual report, {@code jobs/{jobId}/report/{file}}: a plain file name (letters, digits,
     * {@code .-_}), never a path, so a request cannot reach other objects.
     */
    public static String jobReportFile(String jobId, String file) {
        Require.check(file != null && file.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,127}") && !file.contains(".."),
                "report file must be a plain file name such as index.html or region-3.png, got '" + file + "'");
        return validate(jobReportPrefix(jobId) + file);
    }

    /** {@code models/{modelId}/}. */
    public static String modelPrefix(String modelId) {
        return MODELS + Require.jobId(modelId, "modelId") + "/";
    }

    /** {@code models/{modelId}/params.bin}. */
    public static String modelParams(String modelId) {
        return modelPrefix(modelId) + MODEL_PARAMS;
    }

    /** {@code models/{modelId}/manifest.json}. */
    public static String modelManifest(String modelId) {
        return modelPrefix(modelId) + MODEL_MANIFEST;
    }

    /** {@code datasets/{name}/}. */
    public static String datasetPrefix(String name) {
        return DATASETS + Require.jobId(name, "dataset name") + "/";
    }

    /** {@code datasets/{name}/{relativePath}}. */
    public static String datasetFile(String name, String relativePath) {
        return validate(datasetPrefix(name) + relativePath);
    }
}
