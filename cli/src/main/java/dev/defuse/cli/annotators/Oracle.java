package dev.defuse.cli.annotators;

import dev.defuse.common.data.LabeledImages;
import dev.defuse.common.ml.arch.ImageInput;
import dev.defuse.common.ml.infer.ClassifierRunner;
import dev.defuse.common.ml.model.ModelArtifact;
import java.util.ArrayList;
import java.util.List;

/**
 * The simulated annotators' "truth": an ensemble of classifiers trained separately from the base classifier (other
 * seeds, more epochs, training split only). Its class probabilities are the mean of the members' softmax outputs.
 * Not thread-safe (the runners are not).
 */
public final class Oracle implements AutoCloseable {

  private final List<ClassifierRunner> members = new ArrayList<>();
  private final List<String> ids = new ArrayList<>();

  public Oracle(List<ModelArtifact> models) {
    if (models.isEmpty()) {
      throw new IllegalArgumentException("an oracle needs at least one classifier");
    }
    try {
      for (ModelArtifact model : models) {
        ClassifierRunner runner = ClassifierRunner.open(model);
        members.add(runner);
        ids.add(model.modelId());
        if (!runner.input().equals(members.get(0).input()) || runner.numClasses() != members.get(0).numClasses()) {
          throw new IllegalArgumentException("oracle member " + model.modelId() + " takes " + runner.input()
              + " with " + runner.numClasses() + " classes, unlike " + ids.get(0));
        }
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  public List<String> memberIds() {
    return List.copyOf(ids);
  }

  public ImageInput input() {
    return members.get(0).input();
  }

  public int numClasses() {
    return members.get(0).numClasses();
  }

  /** Mean softmax probabilities, one row of {@link #numClasses()} per image, for {@code count} NCHW images. */
  public double[][] probabilities(float[] pixels, int count) {
    int classes = numClasses();
    double[][] mean = new double[count][classes];
    for (ClassifierRunner member : members) {
      float[] logits = member.logits(pixels, count);
      for (int i = 0; i < count; i++) {
        double[] p = softmax(logits, i * classes, classes);
        for (int c = 0; c < classes; c++) {
          mean[i][c] += p[c] / members.size();
        }
      }
    }
    return mean;
  }

  /** Share of images the ensemble's top class gets right. */
  public double accuracy(LabeledImages images) {
    double[][] p = probabilities(images.pixels(), images.size());
    int correct = 0;
    for (int i = 0; i < p.length; i++) {
      if (AnnotatorPolicy.argMax(p[i]) == images.label(i)) {
        correct++;
      }
    }
    return p.length == 0 ? Double.NaN : (double) correct / p.length;
  }

  static double[] softmax(float[] logits, int from, int n) {
    double max = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < n; c++) {
      max = Math.max(max, logits[from + c]);
    }
    double[] p = new double[n];
    double sum = 0;
    for (int c = 0; c < n; c++) {
      p[c] = Math.exp(logits[from + c] - max);
      sum += p[c];
    }
    for (int c = 0; c < n; c++) {
      p[c] /= sum;
    }
    return p;
  }

  @Override
  public void close() {
    members.forEach(ClassifierRunner::close);
    members.clear();
  }
}
