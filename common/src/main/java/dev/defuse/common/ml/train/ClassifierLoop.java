package dev.defuse.common.ml.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import dev.defuse.common.ml.Scalar;
import dev.defuse.common.ml.arch.ImageInput;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The classifier training loop shared by {@link ClassifierTrainer} (λ = 0, no failure data) and {@link FineTuner}
 * (L(D) + λ·L(D_f)): shuffled mini-batches, one optimiser step per batch, validation after each epoch, the best
 * epoch's parameters kept.
 */
final class ClassifierLoop {

    /** Images per forward pass during validation (no gradients, so larger than a training batch). */
    static final int EVAL_BATCH = 256;

    /**
     * What to train on.
     *
     * @param train      D
     * @param failures   D_f, or {@code null}
     * @param validation validation images, or {@code null}
     */
    record Data(Samples train, Samples failures, Samples validation) {

        boolean hasFailures() {
            return failures != null && failures.count() > 0;
        }

        boolean hasValidation() {
            return validation != null && validation.count() > 0;
        }
    }

    /** The loop's result. */
    record Outcome(List<ClassifierEpochMetrics> epochs, int bestEpoch, TrainingSession.Snapshot best, double seconds) {
    }

    private final TrainingSession session;
    private final ImageInput input;
    private final ProgressListener listener;

    ClassifierLoop(TrainingSession session, ImageInput input, ProgressListener listener) {
        this.session = session;
        this.input = input;
        this.listener = listener;
    }

    Outcome run(Data data, int epochs, int batchSize, int failureBatchSize, double lambda, EpochSelection keep,
                long seed, ImageAugmentation augmentation) {
        long start = System.nanoTime();
        Trainer trainer = session.trainer();
        SplittableRandom random = new SplittableRandom(seed);
        SplittableRandom failureRandom = random.split();
        // split only when used, so runs without augmentation shuffle exactly as before it existed
        SplittableRandom augmentRandom = augmentation.isNone() ? null : random.split();
        boolean withFailures = data.hasFailures() && lambda > 0;
        int[] failureOrder = withFailures ? Samples.shuffled(data.failures().allRows(), failureRandom) : new int[0];
        int failureCursor = 0;

        List<ClassifierEpochMetrics> history = new ArrayList<>();
        TrainingSession.Snapshot best = null;
        double bestAccuracy = Double.NEGATIVE_INFINITY;
        int bestEpoch = 0;
        for (int epoch = 1; epoch <= epochs; epoch++) {
            long epochStart = System.nanoTime();
            int[] order = Samples.shuffled(data.train().allRows(), random);
            int batches = (order.length + batchSize - 1) / batchSize;
            double lossSum = 0;
            long correct = 0;
            double failureLossSum = 0;
            long failureCorrect = 0;
            long failureSeen = 0;
            for (int b = 0; b < batches; b++) {
                int from = b * batchSize;
                int to = Math.min(order.length, from + batchSize);
                try (NDManager batch = session.newBatchManager()) {
                    float[] pixels = data.train().gatherPixels(order, from, to);
                    if (augmentRandom != null) {
                        augmentation.apply(pixels, to - from, input.channels(), input.size(), augmentRandom);
                    }
                    NDArray x = batch.create(pixels, input.batchShape(to - from));
                    NDArray y = batch.create(data.train().gatherLabels(order, from, to));
                    NDArray fx = null;
                    NDArray fy = null;
                    if (withFailures) {
                        int n = Math.min(failureBatchSize, failureOrder.length);
                        if (failureCursor + n > failureOrder.length) {
                            failureOrder = Samples.shuffled(data.failures().allRows(), failureRandom);
                            failureCursor = 0;
                        }
                        fx = batch.create(data.failures().gatherPixels(failureOrder, failureCursor, failureCursor + n),
                                input.batchShape(n));
                        fy = batch.create(data.failures().gatherLabels(failureOrder, failureCursor, failureCursor + n));
                        failureCursor += n;
                    }
                    NDArray logits;
                    NDArray loss;
                    NDArray failureLogits = null;
                    NDArray failureLoss = null;
                    try (GradientCollector collector = trainer.newGradientCollector()) {
                        logits = trainer.forward(new NDList(x)).singletonOrThrow();
                        loss = trainer.getLoss().evaluate(new NDList(y), new NDList(logits));
                        NDArray objective = loss;
                        if (fx != null) {
                            failureLogits = trainer.forward(new NDList(fx)).singletonOrThrow();
                            failureLoss = trainer.getLoss().evaluate(new NDList(fy), new NDList(failureLogits));
                            objective = loss.add(failureLoss.mul(Scalar.of(failureLoss, (float) lambda)));
                        }
                        collector.backward(objective);
                    }
                    trainer.step();
                    lossSum += loss.getFloat() * (to - from);
                    correct += countCorrect(logits, y);
                    if (failureLoss != null) {
                        long n = fy.size();
                        failureLossSum += failureLoss.getFloat() * n;
                        failureCorrect += countCorrect(failureLogits, fy);
                        failureSeen += n;
                    }
                }
                Map<String, Double> running = new LinkedHashMap<>();
                running.put("loss", lossSum / to);
                running.put("accuracy", (double) correct / to);
                if (failureSeen > 0) {
                    running.put("failure_loss", failureLossSum / failureSeen);
                }
                listener.onBatch(epoch, epochs, b + 1, batches, running);
            }
            double[] validation = data.hasValidation()
                    ? evaluate(trainer, data.validation(), data.validation().allRows())
                    : null;
            ClassifierEpochMetrics metrics = new ClassifierEpochMetrics(epoch,
                    lossSum / order.length, (double) correct / order.length,
                    failureSeen > 0 ? failureLossSum / failureSeen : null,
                    failureSeen > 0 ? (double) failureCorrect / failureSeen : null,
                    validation == null ? null : validation[0],
                    validation == null ? null : validation[1],
                    seconds(epochStart));
            history.add(metrics);
            requireFinite(metrics.trainLoss(), epoch);
            // Without validation (or asked to) the last epoch is kept; else the first with the best accuracy.
            double score = validation == null || keep == EpochSelection.LAST ? epoch : validation[1];
            if (score > bestAccuracy) {
                bestAccuracy = score;
                bestEpoch = epoch;
                best = session.snapshot();
            }
            listener.onEpoch(epoch, epochs, summary(metrics));
        }
        return new Outcome(history, bestEpoch, best, seconds(start));
    }

    /** {mean cross-entropy, accuracy} over {@code rows} without gradients. */
    double[] evaluate(Trainer trainer, Samples samples, int[] rows) {
        double lossSum = 0;
        long correct = 0;
        for (int from = 0; from < rows.length; from += EVAL_BATCH) {
            int to = Math.min(rows.length, from + EVAL_BATCH);
            try (NDManager batch = session.newBatchManager()) {
                NDArray x = batch.create(samples.gatherPixels(rows, from, to), input.batchShape(to - from));
                NDArray y = batch.create(samples.gatherLabels(rows, from, to));
                NDArray logits = trainer.evaluate(new NDList(x)).singletonOrThrow();
                lossSum += trainer.getLoss().evaluate(new NDList(y), new NDList(logits)).getFloat() * (to - from);
                correct += countCorrect(logits, y);
            }
        }
        return new double[] {lossSum / rows.length, (double) correct / rows.length};
    }

    static long countCorrect(NDArray logits, NDArray labels) {
        long[] predicted = logits.argMax(1).toLongArray();
        long[] truth = labels.toLongArray();
        long correct = 0;
        for (int i = 0; i < predicted.length; i++) {
            if (predicted[i] == truth[i]) {
                correct++;
            }
        }
        return correct;
    }

    static Map<String, Double> summary(ClassifierEpochMetrics m) {
        Map<String, Double> summary = new LinkedHashMap<>();
        summary.put("loss", m.trainLoss());
        summary.put("accuracy", m.trainAccuracy());
        if (m.failureLoss() != null) {
            summary.put("failure_loss", m.failureLoss());
            summary.put("failure_accuracy", m.failureAccuracy());
        }
        if (m.validationLoss() != null) {
            summary.put("val_loss", m.validationLoss());
            summary.put("val_accuracy", m.validationAccuracy());
        }
        summary.put("seconds", m.seconds());
        return summary;
    }

    /** Stops a run whose loss became NaN or infinite instead of storing garbage. */
    static void requireFinite(double loss, int epoch) {
        if (!Double.isFinite(loss)) {
            throw new IllegalStateException("training diverged in epoch " + epoch + " (loss " + loss
                    + "): lower the learning rate or change the optimizer");
        }
    }

    static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
