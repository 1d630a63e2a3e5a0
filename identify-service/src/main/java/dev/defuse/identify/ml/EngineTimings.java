package dev.defuse.identify.ml;

/**
 * Seconds spent in each step of a run: encoding (and the optional reconstruction check), drawing noise in Java,
 * decoding plus classifying on the native side, and selecting/copying the kept mistakes.
 */
public record EngineTimings(double encodeSeconds, double noiseSeconds, double forwardSeconds, double selectSeconds,
                            int passes) {

    public double totalSeconds() {
        return encodeSeconds + noiseSeconds + forwardSeconds + selectSeconds;
    }
}
