package dev.defuse.cli.chaos;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The suite's results as a text table, a Markdown table with details, and one-line verdicts. */
final class ChaosReport {

  private static final String[] HEADER = {"scenario", "fault injected at", "recovered in (s)", "result identical",
      "lost", "duplicated", "raw dup."};

  private ChaosReport() {
  }

  /** "yes", or "no: what differs", or why it was not compared. */
  static String verdict(RunResult r) {
    if (r.failure() != null) {
      return "run failed: " + r.failure();
    }
    if (r.fault() != null && r.faultAt() == null) {
      return "fault not injected: " + (r.notInjected() == null ? "?" : r.notInjected());
    }
    if (r.identical() == null) {
      return r.fault() == null ? "(reference)" : "not compared";
    }
    StringBuilder text = new StringBuilder(r.identical() ? "yes" : "no");
    List<String> parts = new ArrayList<>();
    for (Map.Entry<String, String> d : r.differences().entrySet()) {
      parts.add(d.getKey() + (d.getKey().equals(Comparison.OBJECTS) ? " (informational)" : "") + ": "
          + d.getValue());
    }
    if (!parts.isEmpty()) {
      text.append(": ").append(String.join(" | ", parts));
    }
    return text.toString();
  }

  private static String[] row(RunResult r, boolean shortVerdict) {
    String verdict = verdict(r);
    if (shortVerdict && verdict.length() > 60) {
      verdict = verdict.substring(0, 57) + "…";
    }
    return new String[] {
        r.name(),
        r.faultAt() == null ? "—" : r.faultAt(),
        r.recoveredSeconds() == null ? (r.faultAt() == null ? "—" : "never")
            : String.format(Locale.ROOT, "%.1f", r.recoveredSeconds()),
        verdict,
        r.lost() == null ? "—" : Integer.toString(r.lost()),
        r.duplicated() == null ? "—" : Integer.toString(r.duplicated()),
        r.rawDuplicates() == null ? "—" : Integer.toString(r.rawDuplicates())};
  }

  /** A fixed-width table for the terminal, then the details of every run that did not pass. */
  static String table(List<RunResult> results) {
    List<String[]> rows = new ArrayList<>();
    rows.add(HEADER);
    results.forEach(r -> rows.add(row(r, true)));
    int[] width = new int[HEADER.length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        width[i] = Math.max(width[i], row[i].length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        out.append(String.format(Locale.ROOT, "%-" + width[i] + "s", row[i])).append(i + 1 < row.length ? "  " : "");
      }
      out.append(System.lineSeparator());
    }
    details(results, out, "");
    return out.toString();
  }

  /** A Markdown table and the details, for docs/chaos.md. */
  static String markdown(List<RunResult> results) {
    StringBuilder out = new StringBuilder();
    out.append("| ").append(String.join(" | ", HEADER)).append(" |\n");
    out.append("|").append("---|".repeat(HEADER.length)).append("\n");
    for (RunResult r : results) {
      String[] row = row(r, false);
      for (int i = 0; i < row.length; i++) {
        row[i] = row[i].replace("|", "\\|");
      }
      out.append("| ").append(String.join(" | ", row)).append(" |\n");
    }
    out.append("\n");
    for (RunResult r : results) {
      out.append(String.format(Locale.ROOT, "- **%s** (job `%s`, %.0f s)%s%s%n", r.name(), r.jobId(), r.seconds(),
          r.fault() == null ? "" : ": " + r.fault(),
          r.faultSeconds() == null ? "" : String.format(Locale.ROOT, "; fault lasted %.1f s", r.faultSeconds())));
      r.topics().forEach((topic, c) -> out.append(String.format(Locale.ROOT,
          "  - `%s`: %d records, %d event ids, %d facts, %d raw duplicates, %d facts under a second id%n", topic,
          c.records(), c.eventIds(), c.facts(), c.rawDuplicates(), c.factDuplicates())));
      r.lostDetail().forEach(l -> out.append("  - lost: ").append(l).append('\n'));
      r.duplicatedDetail().forEach(d -> out.append("  - duplicated: ").append(d).append('\n'));
    }
    return out.toString();
  }

  private static void details(List<RunResult> results, StringBuilder out, String indent) {
    for (RunResult r : results) {
      if (r.fault() == null || r.passed()) {
        continue;
      }
      out.append(System.lineSeparator()).append(r.name()).append(": ").append(verdict(r))
          .append(System.lineSeparator());
      r.lostDetail().forEach(l -> out.append(indent).append("  lost: ").append(l).append(System.lineSeparator()));
      r.duplicatedDetail().forEach(d -> out.append(indent).append("  duplicated: ").append(d)
          .append(System.lineSeparator()));
    }
  }
}
