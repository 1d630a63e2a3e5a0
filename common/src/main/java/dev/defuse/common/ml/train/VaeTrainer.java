package dev.defuse.common.ml.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import dev.defuse.common.data.LabeledImages;
import dev.defuse.common.ml.Scalar;
import dev.defuse.common.ml.arch.ModelKind;
import dev.defuse.common.ml.arch.VaeArchitecture;
import dev.defuse.common.ml.model.ModelArtifact;
import dev.defuse.common.ml.model.ModelManifest;
import dev.defuse.common.util.Require;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Trains the paper's β-VAE (Adam) on BCE + β_t·KL with linear KL annealing and returns the epoch with the lowest
 * validation loss at the full β as a storable {@link ModelArtifact}. Labels are not used for training.
 */
public final class VaeTrainer {

    private final ProgressListener listener;

    public VaeTrainer(ProgressListener listener) {
        this.listener = Require.nonNull(listener, "listener");
    }

    /**
     * Trains a β-VAE.
     *
     * @param modelId      id written to the manifest
     * @param architecture the network; its input must match the images
     * @param data         training images (a seeded share is held out for validation)
     * @param config       settings
     */
    public VaeTrainingResult train(String modelId, VaeArchitecture architecture, LabeledImages data,
                                   VaeTrainingConfig config) {
        Require.jobId(modelId, "modelId");
        LabeledImages.Split split = data.split(config.validationFraction(), config.seed());
        Samples validation = Samples.of(split.first(), architecture.input(), "validation images");
        Samples samples = Samples.of(split.second(), architecture.input(), "training images");
        Require.check(samples.count() > 0, "no training images left after holding out " + validation.count());
        int[] trainRows = samples.allRows();
        long start = System.nanoTime();
        try (TrainingSession session = TrainingSession.fresh(architecture, modelId, new BetaVaeLoss(config.beta()),
                OptimizerKind.ADAM.newOptimizer(config.learningRate()), config.seed())) {
            Trainer trainer = session.trainer();
            SplittableRandom random = new SplittableRandom(config.seed());
            List<VaeEpochMetrics> history = new ArrayList<>();
            TrainingSession.Snapshot best = null;
            double bestLoss = Double.POSITIVE_INFINITY;
            int bestEpoch = 0;
            long step = 0;
            for (int epoch = 1; epoch <= config.epochs(); epoch++) {
                long epochStart = System.nanoTime();
                int[] order = Samples.shuffled(trainRows, random);
                int batches = (order.length + config.batchSize() - 1) / config.batchSize();
                double lossSum = 0;
                double bceSum = 0;
                double klSum = 0;
                double beta = config.betaAt(step);
                for (int b = 0; b < batches; b++) {
                    int from = b * config.batchSize();
                    int to = Math.min(order.length, from + config.batchSize());
                    beta = config.betaAt(step);
                    try (NDManager batch = session.newBatchManager()) {
                        NDArray x = batch.create(samples.gatherPixels(order, from, to),
                                architecture.input().batchShape(to - from));
                        NDArray bce;
                        NDArray kl;
                        NDArray loss;
                        try (GradientCollector collector = trainer.newGradientCollector()) {
                            NDList out = trainer.forward(new NDList(x));
                            bce = BetaVaeLoss.bcePerImage(out.get(0), x).mean();
                            kl = BetaVaeLoss.klPerImage(out.get(1), out.get(2)).mean();
                            loss = bce.add(kl.mul(Scalar.of(kl, (float) beta)));
                            collector.backward(loss);
                        }
                        trainer.step();
                        int n = to - from;
                        float lossValue = loss.getFloat();
                        if (!Float.isFinite(lossValue)) {
                            throw new IllegalStateException("training diverged in epoch " + epoch + ", step " + step
                                    + " (loss " + lossValue + "): lower the learning rate");
                        }
                        lossSum += lossValue * n;
                        bceSum += bce.getFloat() * n;
                        klSum += kl.getFloat() * n;
                    }
                    step++;
                    Map<String, Double> running = new LinkedHashMap<>();
                    running.put("loss", lossSum / to);
                    running.put("bce", bceSum / to);
                    running.put("kl", klSum / to);
                    running.put("beta", beta);
                    listener.onBatch(epoch, config.epochs(), b + 1, batches, running);
                }
                double[] scores = validation.count() > 0
                        ? evaluate(session, architecture, validation, config.beta())
                        : null;
                VaeEpochMetrics metrics = new VaeEpochMetrics(epoch, lossSum / order.length,
                        bceSum / order.length, klSum / order.length, beta,
                        scores == null ? null : scores[0],
                        scores == null ? null : scores[1],
                        scores == null ? null : scores[2],
                        ClassifierLoop.seconds(epochStart));
                history.add(metrics);
                ClassifierLoop.requireFinite(metrics.trainLoss(), epoch);
                double score = scores == null ? -epoch : scores[0];
                if (score < bestLoss) {
                    bestLoss = score;
                    bestEpoch = epoch;
                    best = session.snapshot();
                }
                listener.onEpoch(epoch, config.epochs(), summary(metrics));
            }
            if (best == null) {
                throw new IllegalStateException("no epoch reached a finite validation loss");
            }
            VaeTrainingReport report = new VaeTrainingReport(config, samples.count(), validation.count(),
                    history, bestEpoch, ClassifierLoop.seconds(start));
            VaeEpochMetrics kept = report.best();
            Map<String, Double> metrics = new LinkedHashMap<>();
            metrics.put("train_bce", kept.trainBce());
            metrics.put("train_kl", kept.trainKl());
            if (kept.validationLoss() != null) {
                metrics.put("validation_loss", kept.validationLoss());
                metrics.put("validation_bce", kept.validationBce());
                metrics.put("validation_kl", kept.validationKl());
            }
            ModelManifest manifest = new ModelManifest(ModelManifest.FORMAT_VERSION, modelId, ModelKind.VAE,
                    architecture, ModelManifest.Preprocessing.of(architecture), data.classes(), data.fingerprint(),
                    config.seed(), Instant.now(), session.engineDescription(), report, metrics, null, Map.of(),
                    best.checksums());
            return new VaeTrainingResult(new ModelArtifact(manifest, best.blob()), report);
        }
    }

    /** {loss at the full β, BCE, KL} per image over {@code rows}, latent codes sampled as in training. */
    private static double[] evaluate(TrainingSession session, VaeArchitecture architecture, Samples samples,
                                     double beta) {
        int[] rows = samples.allRows();
        double bceSum = 0;
        double klSum = 0;
        for (int from = 0; from < rows.length; from += ClassifierLoop.EVAL_BATCH) {
            int to = Math.min(rows.length, from + ClassifierLoop.EVAL_BATCH);
            try (NDManager batch = session.newBatchManager()) {
                NDArray x = batch.create(samples.gatherPixels(rows, from, to), architecture.input().batchShape(to - from));
                NDList out = session.trainer().evaluate(new NDList(x));
                bceSum += BetaVaeLoss.bcePerImage(out.get(0), x).sum().getFloat();
                klSum += BetaVaeLoss.klPerImage(out.get(1), out.get(2)).sum().getFloat();
            }
        }
        double bce = bceSum / rows.length;
        double kl = klSum / rows.length;
        return new double[] {bce + beta * kl, bce, kl};
    }

    private static Map<String, Double> summary(VaeEpochMetrics m) {
        Map<String, Double> summary = new LinkedHashMap<>();
        summary.put("loss", m.trainLoss());
        summary.put("bce", m.trainBce());
        summary.put("kl", m.trainKl());
        summary.put("beta", m.betaAtEnd());
        if (m.validationLoss() != null) {
            summary.put("val_loss", m.validationLoss());
            summary.put("val_bce", m.validationBce());
            summary.put("val_kl", m.validationKl());
        }
        summary.put("seconds", m.seconds());
        return summary;
    }
}
