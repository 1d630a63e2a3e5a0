package dev.defuse.cli.train;

import dev.defuse.common.ml.train.ProgressListener;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;

/**
 * A per-epoch progress bar on stderr: redrawn in place (at most every 200 ms) on a terminal, one line per epoch
 * otherwise (logs, pipes).
 */
public final class ProgressBar implements ProgressListener {

  private static final int WIDTH = 30;
  private static final long REDRAW_NANOS = 200_000_000L;

  private final PrintWriter out;
  private final boolean interactive;
  private long lastDraw;

  ProgressBar(PrintWriter out, boolean interactive) {
    this.out = out;
    this.interactive = interactive;
  }

  /** Draws on the command's error stream, in place when the process runs in a terminal. */
  public static ProgressBar on(PrintWriter err) {
    return new ProgressBar(err, System.console() != null);
  }

  @Override
  public void onBatch(int epoch, int epochs, int batch, int batches, Map<String, Double> running) {
    long now = System.nanoTime();
    if (!interactive || (batch < batches && now - lastDraw < REDRAW_NANOS)) {
      return;
    }
    lastDraw = now;
    int filled = (int) ((long) WIDTH * batch / batches);
    out.print("\repoch " + epoch + "/" + epochs + " [" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] "
        + batch + "/" + batches + " " + format(running) + "   ");
    out.flush();
  }

  @Override
  public void onEpoch(int epoch, int epochs, Map<String, Double> metrics) {
    out.print((interactive ? "\r" : "") + "epoch " + epoch + "/" + epochs + " done: " + format(metrics)
        + " ".repeat(interactive ? 10 : 0) + System.lineSeparator());
    out.flush();
  }

  static String format(Map<String, Double> metrics) {
    StringBuilder text = new StringBuilder();
    metrics.forEach((name, value) -> {
      if (text.length() > 0) {
        text.append(' ');
      }
      text.append(name).append(' ').append(formatValue(name, value));
    });
    return text.toString();
  }

  private static String formatValue(String name, double value) {
    if (name.contains("accuracy")) {
      return String.format(Locale.ROOT, "%.2f%%", 100 * value);
    }
    if (name.equals("seconds")) {
      return String.format(Locale.ROOT, "%.1f", value);
    }
    return String.format(Locale.ROOT, Math.abs(value) >= 100 ? "%.1f" : "%.4f", value);
  }
}
