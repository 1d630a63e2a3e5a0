package dev.defuse.common.ml;

import ai.djl.engine.Engine;
import dev.defuse.common.ml.arch.ClassifierArchitecture;
import dev.defuse.common.ml.train.ClassifierTrainer;
import dev.defuse.common.ml.train.ClassifierTrainingConfig;
import dev.defuse.common.ml.train.ProgressListener;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;

/**
 * Run in a separate JVM by {@link OfflineEngineTest}: reports whether the internet is reachable from this JVM, then
 * starts the engine and trains a few steps. Exit code 3 when the engine cannot start.
 */
public final class OfflineEngineProbe {

    /** Where DJL would download libtorch from if it had to. */
    static final String DJL_DOWNLOAD_URL = "https://publish.djl.ai/pytorch/2.7.1/files.txt";

    private OfflineEngineProbe() {
    }

    public static void main(String[] args) {
        try (InputStream in = URI.create(DJL_DOWNLOAD_URL).toURL().openStream()) {
            System.out.println("NETWORK-REACHABLE " + in.available());
        } catch (IOException e) {
            System.out.println("NETWORK-BLOCKED " + e);
        }
        Engine engine;
        try {
            engine = TorchRuntime.start(TorchSettings.defaults());
        } catch (TorchUnavailableException e) {
            System.out.println("ENGINE-UNAVAILABLE " + e.getMessage());
            System.exit(3);
            return;
        }
        double loss = new ClassifierTrainer(ProgressListener.silent())
                .train("offline-probe", ClassifierArchitecture.mnist(), MlFixtures.mnistTrain(64),
                        ClassifierTrainingConfig.defaults().withEpochs(1).withValidationFraction(0))
                .report().epochs().get(0).trainLoss();
        System.out.println("ENGINE-OK " + TorchRuntime.describe(engine) + " trained, loss " + loss);
    }
}
