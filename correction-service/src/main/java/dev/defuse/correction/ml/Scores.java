package dev.defuse.correction.ml;

import dev.defuse.common.util.Require;
import java.util.Map;
import java.util.TreeMap;

/** Accuracy and cross-entropy from a classifier's outputs (the evaluation math, kept free of the engine). */
public final class Scores {

    private Scores() {
    }

    /** Index of the largest logit of each row ({@code logits} row-major {@code rows × classes}); first on ties. */
    public static int[] argMax(float[] logits, int classes) {
        Require.check(classes > 0 && logits.length % classes == 0, logits.length + " logits are not rows of " + classes);
        int[] predicted = new int[logits.length / classes];
        for (int row = 0; row < predicted.length; row++) {
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (logits[row * classes + c] > logits[row * classes + best]) {
                    best = c;
                }
            }
            predicted[row] = best;
        }
        return predicted;
    }

    /** Mean softmax cross-entropy of {@code labels} under {@code logits} (stable log-sum-exp). */
    public static double crossEntropy(float[] logits, int classes, int[] labels) {
        Require.check(logits.length == (long) labels.length * classes,
                labels.length + " labels for " + logits.length + " logits of " + classes + " classes");
        Require.check(labels.length > 0, "cross-entropy of no images");
        double sum = 0;
        for (int row = 0; row < labels.length; row++) {
            int offset = row * classes;
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                max = Math.max(max, logits[offset + c]);
            }
            double exp = 0;
            for (int c = 0; c < classes; c++) {
                exp += Math.exp(logits[offset + c] - max);
            }
            sum += max + Math.log(exp) - logits[offset + labels[row]];
        }
        return sum / labels.length;
    }

    /** Share of rows where {@code predicted} equals {@code labels}. */
    public static double accuracy(int[] predicted, int[] labels) {
        Require.check(predicted.length == labels.length, predicted.length + " predictions for " + labels.length
                + " labels");
        Require.check(labels.length > 0, "accuracy of no images");
        int correct = 0;
        for (int i = 0; i < labels.length; i++) {
            if (predicted[i] == labels[i]) {
                correct++;
            }
        }
        return (double) correct / labels.length;
    }

    /** Accuracy of each group ({@code groups[i]} is row i's group, e.g. its region), by group id. */
    public static Map<Integer, Double> accuracyByGroup(int[] predicted, int[] labels, int[] groups) {
        Require.check(predicted.length == labels.length && labels.length == groups.length,
                "predictions, labels and groups differ in length");
        Map<Integer, int[]> counts = new TreeMap<>();
        for (int i = 0; i < labels.length; i++) {
            int[] c = counts.computeIfAbsent(groups[i], g -> new int[2]);
            c[1]++;
            if (predicted[i] == labels[i]) {
                c[0]++;
            }
        }
        Map<Integer, Double> accuracy = new TreeMap<>();
        counts.forEach((group, c) -> accuracy.put(group, (double) c[0] / c[1]));
        return accuracy;
    }
}
