package dev.defuse.cli.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.defuse.cli.demo.JobEvents;
import dev.defuse.cli.demo.ProgressMonitor;
import dev.defuse.common.data.LabeledImages;
import dev.defuse.common.events.ClassInfo;
import dev.defuse.common.events.DefuseEvent;
import dev.defuse.common.events.MistakeFound;
import dev.defuse.common.events.RegionFound;
import dev.defuse.common.events.RegionLabeled;
import dev.defuse.common.events.Topics;
import dev.defuse.common.ml.infer.ClassifierRunner;
import dev.defuse.common.ml.infer.VaeRunner;
import dev.defuse.common.store.FloatTensor;
import dev.defuse.common.store.ObjectKeys;
import dev.defuse.common.store.ObjectStore;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.StatisticalBarRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.statistics.DefaultStatisticalCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Writes the demo report: {@code index.html} and its PNGs (charts with JFreeChart, sample grids with Java2D).
 * Every figure is computed from what the services, the topics and the object store hold for the job.
 */
public final class ReportWriter {

  /** Training images encoded for the latent-space view. */
  private static final int LATENT_TRAINING_CODES = 2000;
  /** Region samples whose nearest neighbours are shown (the paper's Fig. 6 shows 10). */
  private static final int NOVELTY_SAMPLES = 10;
  private static final int NEIGHBOURS = 3;
  /** Regions the annotators did not confirm are shown only up to this many (there can be dozens). */
  private static final int OTHER_REGIONS_SHOWN = 6;
  private static final int CHART_WIDTH = 720;
  private static final int CHART_HEIGHT = 420;

  private final ObjectStore store;

  public ReportWriter(ObjectStore store) {
    this.store = store;
  }

  /**
   * Copies the report's files ({@code dir}'s regular files) to {@code jobs/{job}/report/} in the object store, where
   * correction-service serves them ({@code GET /jobs/{id}/report/}), and returns how many were stored.
   */
  public int publish(String jobId, Path dir) {
    try (var files = Files.list(dir)) {
      List<Path> regular = files.filter(Files::isRegularFile).sorted().toList();
      for (Path file : regular) {
        store.putFile(ObjectKeys.jobReportFile(jobId, file.getFileName().toString()), file);
      }
      return regular.size();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the report folder " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Writes the report into {@code dir} and returns its {@code index.html}. */
  public Path write(DemoReport r, Path dir) {
    try {
      Files.createDirectories(dir);
      Html html = new Html("Defuse demo report — " + r.jobId());
      html.p("Job <code>" + esc(r.jobId()) + "</code> on dataset <code>" + esc(r.dataset()) + "</code> ("
          + r.train().size() + " training, " + r.test().size() + " test images); written " + Instant.now() + ".");
      html.raw("<p class=\"note\"><b>The labels in this report came from simulated annotators</b>, not people: "
          + r.annotators() + " simulated annotators of one vendor labelled through the labeling service's public "
          + "vendor API over HTTP. Their truth is an oracle ensemble (" + esc(String.join(", ", r.oracleMembers()))
          + ") trained on the training split only, with test accuracy "
          + pct(r.oracleTestAccuracy()) + "; each annotator picks a random wrong class with probability "
          + r.policy().errorRate() + " and answers “none of the above” when the oracle's top probability is below "
          + r.policy().unsureBelow() + "."
          + (r.annotatorStats() == null ? "" : " They posted " + esc(r.annotatorStats().describe()) + ".")
          + "</p>");
      fig4(html, r);
      regions(html, r, dir);
      latent(html, r, dir);
      tradeoff(html, r, dir);
      agreement(html, r, dir);
      novelty(html, r, dir);
      timings(html, r);
      Path index = dir.resolve("index.html");
      Files.writeString(index, html.end(), StandardCharsets.UTF_8);
      return index;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the report to " + dir + ": " + e.getMessage(), e);
    }
  }

  // Fig. 4: base / fine-tuned on identified mistakes / Defuse
  private void fig4(Html html, DemoReport r) {
    html.h2("Accuracy before and after correction (paper Fig. 4)");
    JsonNode summary = r.correctionJob().path("summary");
    if (summary.isMissingNode() || summary.isNull()) {
      html.p("correction-service reported no summary: state " + esc(r.correctionJob().path("state").asText())
          + " " + esc(r.correctionJob().path("message").asText("")));
      return;
    }
    int regions = summary.path("misclassificationRegions").size();
    html.raw("<table><tr><th>model</th><th>test accuracy</th><th>validation accuracy</th>"
        + "<th>misclassification-region accuracy</th><th>λ</th><th># regions</th></tr>");
    row(html, "base classifier", summary.path("base"), null, regions);
    JsonNode baseline = summary.path("baseline");
    if (baseline.isObject()) {
      row(html, "fine-tuned on identified mistakes", baseline.path("metrics"), baseline.path("lambda"), regions);
    } else {
      html.raw("<tr><td>fine-tuned on identified mistakes</td><td colspan=5>not run or every point failed</td></tr>");
    }
    row(html, "Defuse", summary.path("defuse").path("metrics"), summary.path("defuse").path("lambda"), regions);
    html.raw("</table>");
    html.p("Region accuracy is measured on held-out samples of the misclassification regions, labelled with the "
        + "regions' annotator labels. The baseline's data: "
        + esc(r.correctionJob().path("sweep").path("baseline").asText("not reported")) + ". "
        + "λ chosen by: " + esc(summary.path("selectionRule").asText()) + ". "
        + "Registered model: <code>" + esc(r.correctionJob().path("model").path("modelId").asText("none"))
        + "</code>.");
  }

  private static void row(Html html, String name, JsonNode m, JsonNode lambda, int regions) {
    html.raw("<tr><td>" + name + "</td><td>" + pct(m.path("testAccuracy").asDouble(Double.NaN)) + "</td><td>"
        + pct(m.path("validationAccuracy").asDouble(Double.NaN)) + "</td><td>"
        + pct(m.path("regionAccuracy").asDouble(Double.NaN)) + "</td><td>"
        + (lambda == null || lambda.isMissingNode() ? "–" : lambda.asText()) + "</td><td>" + regions + "</td></tr>");
  }

  // Fig. 3: per region, samples with the classifier's prediction and the annotators' label
  private void regions(Html html, DemoReport r, Path dir) {
    html.h2("Misclassification regions (paper Fig. 3)");
    Map<Integer, RegionFound> found = new HashMap<>();
    events(r, Topics.REGIONS, RegionFound.class).forEach(e -> found.put(e.regionId(), e));
    List<RegionLabeled> labeled = new ArrayList<>(events(r, Topics.LABELS, RegionLabeled.class));
    // misclassification regions first (they are what the correction is about), then the others by id
    labeled.sort(Comparator.comparing((RegionLabeled l) -> !l.misclassificationRegion())
        .thenComparingInt(RegionLabeled::regionId));
    long others = labeled.stream().filter(l -> !l.misclassificationRegion()).count();
    if (labeled.isEmpty()) {
      html.p("No region was labelled.");
      return;
    }
    html.p("Each image is a decoded sample of the region. Red, top left: the base classifier's prediction; blue, "
        + "bottom left: the annotators' majority label (– when no label won).");
    int othersShown = 0;
    for (RegionLabeled region : labeled) {
      if (!region.misclassificationRegion() && othersShown++ >= OTHER_REGIONS_SHOWN) {
        html.p((others - OTHER_REGIONS_SHOWN) + " more regions that are not misclassification regions are not shown.");
        break;
      }
      RegionFound f = found.get(region.regionId());
      if (f == null) {
        continue;
      }
      FloatTensor samples = store.getTensor(f.reviewSamples());
      int per = perImage(samples);
      int size = samples.shape()[samples.shape().length - 1];
      int channels = samples.shape().length == 4 ? samples.shape()[1] : 1;
      List<ImageGrid.Tile> tiles = ImageGrid.empty();
      for (RegionLabeled.LabeledItem item : region.items()) {
        tiles.add(new ImageGrid.Tile(ImageGrid.row(samples.data(), item.row(), per), channels, size,
            name(r, item.classifierPrediction()), Color.RED,
            item.majorityLabel() == null ? "–" : name(r, item.majorityLabel())));
      }
      String file = "region-" + region.regionId() + ".png";
      ImageGrid.write(tiles, 10, dir.resolve(file));
      html.raw("<h3>Region " + region.regionId() + " (weight " + String.format(Locale.ROOT, "%.3f", f.weight())
          + "): " + (region.misclassificationRegion()
          ? "misclassification region, label " + esc(name(r, region.label())) : "not a misclassification region")
          + ", agreement " + String.format(Locale.ROOT, "%.2f", region.agreement()) + "</h3>");
      html.img(file);
    }
  }

  // Fig. 2: latent space
  private void latent(Html html, DemoReport r, Path dir) {
    html.h2("Latent space (paper Fig. 2)");
    List<MistakeFound> mistakes = events(r, Topics.MISTAKES, MistakeFound.class);
    int n = Math.min(LATENT_TRAINING_CODES, r.train().size());
    int latentSize;
    float[] codes;
    try (VaeRunner vae = VaeRunner.open(r.vae())) {
      latentSize = vae.latentSize();
      codes = vae.encodeMean(r.train().slice(0, n).pixels(), n);
    }
    float[][] trainingCodes = new float[n][];
    for (int i = 0; i < n; i++) {
      trainingCodes[i] = ImageGrid.row(codes, i, latentSize);
    }
    Pca pca = Pca.fit(trainingCodes, 2);
    XYSeries training = new XYSeries("training images (μ of the encoder), " + n);
    for (float[] c : trainingCodes) {
      double[] p = pca.project(c);
      training.add(p[0], p[1]);
    }
    XYSeries mistakeSeries = new XYSeries("identified mistakes (perturbed codes), " + mistakes.size());
    for (MistakeFound m : mistakes) {
      double[] p = pca.project(m.z());
      mistakeSeries.add(p[0], p[1]);
    }
    XYSeriesCollection data = new XYSeriesCollection();
    data.addSeries(training);
    data.addSeries(mistakeSeries);
    JFreeChart chart = ChartFactory.createScatterPlot("Latent codes, first two principal components", "PC 1",
        "PC 2", data, PlotOrientation.VERTICAL, true, false, false);
    XYPlot plot = chart.getXYPlot();
    plot.getRenderer().setSeriesPaint(0, new Color(120, 120, 120, 90));
    plot.getRenderer().setSeriesPaint(1, new Color(220, 30, 30, 160));
    save(chart, dir.resolve("latent.png"));
    html.p("PCA fitted on the training codes; the mistakes' codes are projected onto the same components.");
    html.img("latent.png");
  }

  // Fig. 5: λ trade-off
  private void tradeoff(Html html, DemoReport r, Path dir) {
    html.h2("λ trade-off (paper Fig. 5)");
    JsonNode curve = r.correctionJob().path("summary").path("tradeoff");
    if (!curve.isArray() || curve.isEmpty()) {
      html.p("No sweep points were reported.");
      return;
    }
    Map<String, XYSeries> series = new java.util.LinkedHashMap<>();
    int skipped = 0;
    for (JsonNode p : curve) {
      double lambda = p.path("lambda").asDouble();
      if (lambda <= 0 || !p.path("testAccuracy").isNumber()) {
        skipped++;
        continue;
      }
      String variant = p.path("variant").asText();
      series.computeIfAbsent(variant + " test accuracy", k -> new XYSeries(k))
          .add(lambda, p.path("testAccuracy").asDouble());
      if (p.path("regionAccuracy").isNumber()) {
        series.computeIfAbsent(variant + " region accuracy", k -> new XYSeries(k))
            .add(lambda, p.path("regionAccuracy").asDouble());
      }
    }
    XYSeriesCollection data = new XYSeriesCollection();
    series.values().forEach(data::addSeries);
    JFreeChart chart = ChartFactory.createXYLineChart("Accuracy over λ", "λ", "accuracy", data,
        PlotOrientation.VERTICAL, true, false, false);
    XYPlot plot = chart.getXYPlot();
    plot.setDomainAxis(new LogAxis("λ (log scale)"));
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
    for (int i = 0; i < data.getSeriesCount(); i++) {
      renderer.setSeriesStroke(i, new BasicStroke(2f));
    }
    plot.setRenderer(renderer);
    save(chart, dir.resolve("tradeoff.png"));
    html.img("tradeoff.png");
    if (skipped > 0) {
      html.p(skipped + " point(s) without a result or with λ ≤ 0 are not drawn on the log axis.");
    }
  }

  // Fig. 7: agreement
  private void agreement(Html html, DemoReport r, Path dir) {
    html.h2("Annotator agreement (paper Fig. 7)");
    JsonNode a = r.agreement();
    if (a == null) {
      html.p("labeling-service's agreement API gave no answer for this job.");
      return;
    }
    DefaultStatisticalCategoryDataset data = new DefaultStatisticalCategoryDataset();
    addAgreement(data, a.path("misclassificationRegionItems"), "misclassification-region items");
    addAgreement(data, a.path("otherItems"), "other items");
    addAgreement(data, a.path("allItems"), "all items");
    JFreeChart chart = ChartFactory.createBarChart("Share of annotators agreeing with the item's majority",
        "", "agreement (mean ± standard error)", data, PlotOrientation.VERTICAL, false, false, false);
    chart.getCategoryPlot().setRenderer(new StatisticalBarRenderer());
    save(chart, dir.resolve("agreement.png"));
    html.img("agreement.png");
    html.p(a.path("itemsComplete").asInt() + " items complete, " + a.path("itemsWithoutLabel").asInt()
        + " without a majority label; " + a.path("regionsDecided").asInt() + " regions decided.");
  }

  private static void addAgreement(DefaultStatisticalCategoryDataset data, JsonNode s, String group) {
    if (s.path("mean").isNumber()) {
      data.add(s.path("mean").asDouble(), s.path("standardError").asDouble(0), "agreement",
          group + " (" + s.path("items").asInt() + ")");
    }
  }

  // Fig. 6: novelty
  private void novelty(Html html, DemoReport r, Path dir) {
    html.h2("Novelty: nearest training neighbours (paper Fig. 6)");
    LabeledImages train = r.train();
    int[] predicted;
    try (ClassifierRunner classifier = ClassifierRunner.open(r.classifier())) {
      predicted = classifier.predict(train.pixels(), train.size());
    }
    List<Integer> misclassified = new ArrayList<>();
    for (int i = 0; i < train.size(); i++) {
      if (predicted[i] != train.label(i)) {
        misclassified.add(i);
      }
    }
    List<float[]> samples = new ArrayList<>();
    List<Integer> sampleLabels = new ArrayList<>();
    for (RegionLabeled region : events(r, Topics.LABELS, RegionLabeled.class)) {
      if (!region.misclassificationRegion()) {
        continue;
      }
      RegionFound f = events(r, Topics.REGIONS, RegionFound.class).stream()
          .filter(e -> e.regionId() == region.regionId()).findFirst().orElse(null);
      if (f == null) {
        continue;
      }
      FloatTensor t = store.getTensor(f.reviewSamples());
      for (int row = 0; row < t.shape()[0] && samples.size() < NOVELTY_SAMPLES; row++) {
        samples.add(ImageGrid.row(t.data(), row, perImage(t)));
        sampleLabels.add(region.label());
      }
    }
    if (samples.isEmpty()) {
      html.p("No misclassification region, so no region samples to compare.");
      return;
    }
    int per = train.imageSize();
    List<ImageGrid.Tile> tiles = ImageGrid.empty();
    for (int s = 0; s < samples.size(); s++) {
      float[] x = samples.get(s);
      tiles.add(new ImageGrid.Tile(x, train.channels(), train.width(), "region", Color.RED,
          name(r, sampleLabels.get(s))));
      List<Integer> inMistakes = nearest(x, train, misclassified, NEIGHBOURS);
      for (int k = 0; k < NEIGHBOURS; k++) {
        if (k < inMistakes.size()) {
          int i = inMistakes.get(k);
          tiles.add(new ImageGrid.Tile(train.image(i), train.channels(), train.width(),
              String.format(Locale.ROOT, "%.1f", distance(x, train.image(i))), new Color(255, 140, 0),
              name(r, train.label(i))));
        } else {
          tiles.add(new ImageGrid.Tile(new float[per], train.channels(), train.width(), null, null, null));
        }
      }
      int all = nearest(x, train, null, 1).get(0);
      tiles.add(new ImageGrid.Tile(train.image(all), train.channels(), train.width(),
          String.format(Locale.ROOT, "%.1f", distance(x, train.image(all))), new Color(0, 160, 0),
          name(r, train.label(all))));
    }
    ImageGrid.write(tiles, NEIGHBOURS + 2, dir.resolve("novelty.png"));
    html.p("Each row: a misclassification-region sample (blue: its region label); its " + NEIGHBOURS
        + " nearest neighbours (L2 on pixels, distance in orange) among the " + misclassified.size()
        + " training images the base classifier misclassifies (blue: their true label); last, green: the nearest of "
        + "all " + train.size() + " training images.");
    html.img("novelty.png");
  }

  private static List<Integer> nearest(float[] x, LabeledImages train, List<Integer> among, int k) {
    List<Integer> candidates = among;
    if (candidates == null) {
      candidates = new ArrayList<>();
      for (int i = 0; i < train.size(); i++) {
        candidates.add(i);
      }
    }
    return candidates.stream().sorted(Comparator.comparingDouble(i -> distance(x, train.image(i)))).limit(k)
        .toList();
  }

  private static double distance(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      double d = a[i] - b[i];
      s += d * d;
    }
    return Math.sqrt(s);
  }

  private void timings(Html html, DemoReport r) {
    html.h2("Where the time went");
    html.raw("<table><tr><th>step</th><th>seconds</th></tr>");
    r.setupSeconds().forEach((k, v) -> html.raw("<tr><td>" + esc(k) + "</td><td>" + num(v) + "</td></tr>"));
    for (ProgressMonitor.StageTiming t : r.stageTimings()) {
      html.raw("<tr><td>stage " + t.stage() + "</td><td>" + num(t.seconds()) + "</td></tr>");
    }
    html.raw("<tr><td><b>total</b></td><td>" + num(r.totalSeconds()) + "</td></tr></table>");
    html.p("A stage's time runs from the first poll (every 2 s) in which its service knew the job to the poll that saw "
        + "it finish, so stages overlap: a downstream service knows the job as soon as the first record arrives.");
    html.p("Milestones from the broker's record timestamps (the gaps between a stage's last record and the next "
        + "stage's first include the hand-off through Kafka and the object store and the next stage's work):");
    html.raw("<table><tr><th>topic</th><th>records</th><th>of which</th><th>first</th><th>last</th>"
        + "<th>span (s)</th></tr>");
    for (String topic : JobEvents.TOPICS) {
      List<JobEvents.Record> records = r.events().getOrDefault(topic, List.of());
      if (records.isEmpty()) {
        html.raw("<tr><td>" + topic + "</td><td>0</td><td></td><td></td><td></td><td></td></tr>");
        continue;
      }
      Instant first = records.stream().map(JobEvents.Record::timestamp).min(Instant::compareTo).orElseThrow();
      Instant last = records.stream().map(JobEvents.Record::timestamp).max(Instant::compareTo).orElseThrow();
      html.raw("<tr><td>" + topic + "</td><td>" + records.size() + "</td><td>" + esc(eventCounts(records))
          + "</td><td>" + first + "</td><td>" + last + "</td><td>"
          + num(Duration.between(first, last).toMillis() / 1000.0) + "</td></tr>");
    }
    html.raw("</table>");
  }

  /**
   * Records per event type, in order of first appearance ("43584 MistakeFound, 80 ShardCompleted, …"): a topic
   * carries a stage's completions as well as its items, so its record count is not the item count.
   */
  static String eventCounts(List<JobEvents.Record> records) {
    Map<String, Long> counts = records.stream().collect(Collectors.groupingBy(
        rec -> rec.event().getClass().getSimpleName(), LinkedHashMap::new, Collectors.counting()));
    return counts.entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", "));
  }

  private static <T extends DefuseEvent> List<T> events(DemoReport r, String topic, Class<T> type) {
    return r.events().getOrDefault(topic, List.of()).stream().map(JobEvents.Record::event)
        .filter(type::isInstance).map(type::cast).toList();
  }

  private static int perImage(FloatTensor t) {
    int per = 1;
    for (int i = 1; i < t.shape().length; i++) {
      per *= t.shape()[i];
    }
    return per;
  }

  private static String name(DemoReport r, Integer classId) {
    if (classId == null) {
      return "–";
    }
    return r.train().classes().stream().filter(c -> c.id() == classId).map(ClassInfo::name).findFirst()
        .orElse(Integer.toString(classId));
  }

  private static void save(JFreeChart chart, Path file) {
    try {
      ChartUtils.saveChartAsPNG(new File(file.toString()), chart, CHART_WIDTH, CHART_HEIGHT);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  private static String pct(double v) {
    return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.2f %%", 100 * v);
  }

  private static String num(double v) {
    return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.1f", v);
  }

  static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  /** A minimal HTML page. */
  private static final class Html {
    private final StringBuilder b = new StringBuilder();

    Html(String title) {
      b.append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>").append(esc(title))
          .append("</title><style>body{font-family:sans-serif;max-width:960px;margin:2em auto}"
              + "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}"
              + "td:first-child,th:first-child{text-align:left}.note{background:#fff4d6;padding:8px}"
              + "img{max-width:100%}</style></head><body><h1>").append(esc(title)).append("</h1>");
    }

    void h2(String s) {
      b.append("<h2>").append(s).append("</h2>");
    }

    void p(String s) {
      b.append("<p>").append(s).append("</p>");
    }

    void img(String file) {
      b.append("<p><img src=\"").append(file).append("\" alt=\"").append(file).append("\"></p>");
    }

    void raw(String s) {
      b.append(s);
    }

    String end() {
      return b.append("</body></html>\n").toString();
    }
  }
}
