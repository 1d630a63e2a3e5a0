package dev.defuse.dpgmm.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A numeric CSV table: a header line of column names, then one row of numbers per line (comma-separated, blank
 * lines skipped). Every cell must parse as a number; rows must have as many fields as the header.
 *
 * <p>Values can be parsed as 32-bit floats and widened to double, to reproduce exactly the float64 array a
 * float32 pipeline (e.g. PyTorch latent codes printed with {@code %.9g}) would have fitted.
 */
public final class CsvTable {

  /** Column ignored by {@link #features(List)} when no columns are selected: the ground-truth label. */
  public static final String LABEL_COLUMN = "label";

  private final String source;
  private final List<String> columns;
  private final Map<String, Integer> index;
  private final double[][] rows;
  private final int[] lines;

  private CsvTable(String source, List<String> columns, double[][] rows, int[] lines) {
    this.source = source;
    this.columns = List.copyOf(columns);
    this.index = new LinkedHashMap<>();
    for (int i = 0; i < columns.size(); i++) {
      index.put(columns.get(i), i);
    }
    this.rows = rows;
    this.lines = lines;
  }

  /** Reads {@code path}, parsing cells as doubles. */
  public static CsvTable read(Path path) throws IOException {
    return read(path, false);
  }

  /**
   * Reads {@code path}.
   *
   * @param float32 parse every cell as a 32-bit float and widen it to double
   * @throws NoSuchFileException if the file does not exist
   * @throws CsvFormatException if the content is not a numeric table
   */
  public static CsvTable read(Path path, boolean float32) throws IOException {
    String source = path.toString();
    try (BufferedReader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      String line;
      int lineNumber = 0;
      List<String> header = null;
      while (header == null && (line = reader.readLine()) != null) {
        lineNumber++;
        if (!line.isBlank()) {
          header = parseHeader(source, lineNumber, line);
        }
      }
      if (header == null) {
        throw new CsvFormatException(source + " is empty: expected a header line of column names");
      }
      int width = header.size();
      List<double[]> rows = new ArrayList<>();
      List<Integer> lines = new ArrayList<>();
      String[] fields = new String[width];
      while ((line = reader.readLine()) != null) {
        lineNumber++;
        if (line.isBlank()) {
          continue;
        }
        int count = split(line, fields);
        if (count != width) {
          throw new CsvFormatException(source + " line " + lineNumber + ": " + count + " fields, but the header has "
              + width);
        }
        double[] row = new double[width];
        for (int i = 0; i < width; i++) {
          row[i] = parse(source, lineNumber, header.get(i), fields[i], float32);
        }
        rows.add(row);
        lines.add(lineNumber);
      }
      if (rows.isEmpty()) {
        throw new CsvFormatException(source + " has a header but no data rows");
      }
      return new CsvTable(source, header, rows.toArray(new double[0][]),
          lines.stream().mapToInt(Integer::intValue).toArray());
    }
  }

  private static List<String> parseHeader(String source, int lineNumber, String line) {
    List<String> names = new ArrayList<>();
    for (String raw : line.split(",", -1)) {
      String name = raw.strip();
      if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
        name = name.substring(1, name.length() - 1);
      }
      if (name.isEmpty()) {
        throw new CsvFormatException(source + " line " + lineNumber + ": empty column name in the header");
      }
      if (names.contains(name)) {
        throw new CsvFormatException(source + " line " + lineNumber + ": column '" + name + "' appears twice");
      }
      names.add(name);
    }
    return names;
  }

  /** Splits on commas into {@code fields}; returns the number of fields found (may exceed fields.length). */
  private static int split(String line, String[] fields) {
    int count = 0;
    int start = 0;
    while (true) {
      int comma = line.indexOf(',', start);
      String field = comma < 0 ? line.substring(start) : line.substring(start, comma);
      if (count < fields.length) {
        fields[count] = field;
      }
      count++;
      if (comma < 0) {
        return count;
      }
      start = comma + 1;
    }
  }

  private static double parse(String source, int line, String column, String cell, boolean float32) {
    String text = cell.strip();
    if (text.isEmpty()) {
      throw new CsvFormatException(source + " line " + line + ", column '" + column + "': empty cell");
    }
    try {
      return float32 ? (double) Float.parseFloat(text) : Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw new CsvFormatException(source + " line " + line + ", column '" + column + "': '" + text
          + "' is not a number");
    }
  }

  /** Where the table was read from. */
  public String source() {
    return source;
  }

  /** Column names in file order. */
  public List<String> columns() {
    return columns;
  }

  public int rowCount() {
    return rows.length;
  }

  /** 1-based line number in the file of data row {@code row} (0-based). */
  public int lineOf(int row) {
    return lines[row];
  }

  /**
   * The feature matrix: the given columns in the given order, or — when {@code selected} is null or empty — every
   * column except {@value #LABEL_COLUMN}.
   *
   * @throws IllegalArgumentException for an unknown column, naming the available ones
   */
  public double[][] features(List<String> selected) {
    List<String> names = selected == null || selected.isEmpty() ? defaultFeatureColumns() : selected;
    if (names.isEmpty()) {
      throw new IllegalArgumentException(source + " has no feature columns (only '" + LABEL_COLUMN + "')");
    }
    int[] at = new int[names.size()];
    for (int j = 0; j < at.length; j++) {
      at[j] = columnIndex(names.get(j));
    }
    double[][] out = new double[rows.length][at.length];
    for (int r = 0; r < rows.length; r++) {
      for (int j = 0; j < at.length; j++) {
        out[r][j] = rows[r][at[j]];
      }
    }
    return out;
  }

  /** The columns {@link #features(List)} uses when none are selected. */
  public List<String> defaultFeatureColumns() {
    List<String> names = new ArrayList<>(columns);
    names.remove(LABEL_COLUMN);
    return Collections.unmodifiableList(names);
  }

  /**
   * An integer column (labels).
   *
   * @throws CsvFormatException if a value is not an integer, naming the line
   */
  public int[] intColumn(String name) {
    int at = columnIndex(name);
    int[] out = new int[rows.length];
    for (int r = 0; r < rows.length; r++) {
      double v = rows[r][at];
      if (v != Math.rint(v) || Math.abs(v) > Integer.MAX_VALUE) {
        throw new CsvFormatException(source + " line " + lines[r] + ", column '" + name + "': " + v
            + " is not an integer");
      }
      out[r] = (int) v;
    }
    return out;
  }

  /** The single column of a one-column file (e.g. initial labels) as integers. */
  public int[] onlyIntColumn() {
    if (columns.size() != 1) {
      throw new CsvFormatException(source + " must have exactly one column, found " + columns.size() + ": " + columns);
    }
    return intColumn(columns.get(0));
  }

  private int columnIndex(String name) {
    Integer at = index.get(name);
    if (at == null) {
      throw new IllegalArgumentException(source + " has no column '" + name + "' (columns: "
          + String.join(",", columns) + ")");
    }
    return at;
  }
}
