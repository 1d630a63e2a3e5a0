package dev.defuse.common.util;

import java.util.Collection;
import java.util.regex.Pattern;

/**
 * Argument checks shared by the value types of {@code common}. Every check throws
 * {@link IllegalArgumentException} (or {@link NullPointerException} for a missing value) with a message that
 * names the offending field, so a bad event or spec is reported where it is built, not where it is used.
 */
public final class Require {

    /** Job ids end up in object keys and Kafka keys: letters, digits, '.', '_' and '-' only. */
    private static final Pattern JOB_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    private Require() {
    }

    public static <T> T nonNull(T value, String field) {
        if (value == null) {
            throw new NullPointerException(field + " must not be null");
        }
        return value;
    }

    public static String nonBlank(String value, String field) {
        nonNull(value, field);
        if (value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
        return value;
    }

    public static String jobId(String value) {
        return jobId(value, "jobId");
    }

    public static String jobId(String value, String field) {
        nonNull(value, field);
        if (!JOB_ID.matcher(value).matches()) {
            throw new IllegalArgumentException(field + " '" + value
                    + "' is not a valid id: use 1-100 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        return value;
    }

    public static String sha256Hex(String value, String field) {
        nonNull(value, field);
        if (!SHA256_HEX.matcher(value).matches()) {
            throw new IllegalArgumentException(field + " must be 64 lower-case hex digits (a SHA-256), got '" + value + "'");
        }
        return value;
    }

    public static int nonNegative(int value, String field) {
        if (value < 0) {
            throw new IllegalArgumentException(field + " must be >= 0, got " + value);
        }
        return value;
    }

    public static long nonNegative(long value, String field) {
        if (value < 0) {
            throw new IllegalArgumentException(field + " must be >= 0, got " + value);
        }
        return value;
    }

    public static int positive(int value, String field) {
        if (value <= 0) {
            throw new IllegalArgumentException(field + " must be > 0, got " + value);
        }
        return value;
    }

    public static double finite(double value, String field) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(field + " must be a finite number, got " + value);
        }
        return value;
    }

    public static double nonNegative(double value, String field) {
        finite(value, field);
        if (value < 0) {
            throw new IllegalArgumentException(field + " must be >= 0, got " + value);
        }
        return value;
    }

    public static double positive(double value, String field) {
        finite(value, field);
        if (value <= 0) {
            throw new IllegalArgumentException(field + " must be > 0, got " + value);
        }
        return value;
    }

    /** {@code lo <= value <= hi}. */
    public static double inRange(double value, double lo, double hi, String field) {
        finite(value, field);
        if (value < lo || value > hi) {
            throw new IllegalArgumentException(field + " must be in [" + lo + ", " + hi + "], got " + value);
        }
        return value;
    }

    /** {@code 0 <= index < size}. */
    public static int index(int index, int size, String field) {
        if (index < 0 || index >= size) {
            throw new IllegalArgumentException(field + " must be in [0, " + size + "), got " + index);
        }
        return index;
    }

    public static <C extends Collection<?>> C nonEmpty(C values, String field) {
        nonNull(values, field);
        if (values.isEmpty()) {
            throw new IllegalArgumentException(field + " must not be empty");
        }
        return values;
    }

    public static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    public static float[] finite(float[] values, String field) {
        nonNull(values, field);
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new IllegalArgumentException(field + "[" + i + "] must be finite, got " + values[i]);
            }
        }
        return values;
    }

    public static double[] finite(double[] values, String field) {
        nonNull(values, field);
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException(field + "[" + i + "] must be finite, got " + values[i]);
            }
        }
        return values;
    }
}
