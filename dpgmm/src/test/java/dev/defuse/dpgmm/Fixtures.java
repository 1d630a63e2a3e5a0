package dev.defuse.dpgmm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.defuse.dpgmm.io.CsvTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The scikit-learn reference fixtures copied from ../shared/fixtures/dpgmm (see fixtures/README.md). */
final class Fixtures {

  static final List<String> MNIST_CODE_COLUMNS =
      List.of("z0", "z1", "z2", "z3", "z4", "z5", "z6", "z7", "z8", "z9");

  private Fixtures() {}

  static Path path(String name) {
    URL url = Fixtures.class.getResource("/fixtures/" + name);
    if (url == null) {
      throw new IllegalStateException("missing test fixture " + name);
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static CsvTable table(String name) {
    try {
      return CsvTable.read(path(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static CsvTable float32Table(String name) {
    try {
      return CsvTable.read(path(name), true);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode json(String name) {
    try {
      return new ObjectMapper().readTree(path(name).toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The headerless n × K predict_proba fixture. */
  static double[][] headerlessMatrix(String name) {
    try {
      return Files.readAllLines(path(name)).stream().filter(l -> !l.isBlank())
          .map(l -> java.util.Arrays.stream(l.split(",")).mapToDouble(Double::parseDouble).toArray())
          .toArray(double[][]::new);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static double[] vector(JsonNode node) {
    double[] v = new double[node.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = node.get(i).asDouble();
    }
    return v;
  }

  static double[][] matrix(JsonNode node) {
    double[][] m = new double[node.size()][];
    for (int i = 0; i < m.length; i++) {
      m[i] = vector(node.get(i));
    }
    return m;
  }

  static double[][][] tensor(JsonNode node) {
    double[][][] t = new double[node.size()][][];
    for (int i = 0; i < t.length; i++) {
      t[i] = matrix(node.get(i));
    }
    return t;
  }
}
