package dev.defuse.dpgmm.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvTableTest {

  @TempDir
  Path dir;

  private Path write(String content) throws IOException {
    Path file = dir.resolve("codes.csv");
    Files.writeString(file, content);
    return file;
  }

  @Test
  void readsFeaturesAndIgnoresTheLabelColumn() throws IOException {
    CsvTable table = CsvTable.read(write("a,label,b\n1,0,2.5\n\n-3e2,1,4\n"));
    assertThat(table.columns()).containsExactly("a", "label", "b");
    assertThat(table.rowCount()).isEqualTo(2);
    assertThat(table.features(null)).isDeepEqualTo(new double[][] {{1, 2.5}, {-300, 4}});
    assertThat(table.intColumn("label")).containsExactly(0, 1);
    assertThat(table.lineOf(1)).isEqualTo(4);
  }

  @Test
  void selectsColumnsInTheGivenOrder() throws IOException {
    CsvTable table = CsvTable.read(write("a,b,c\n1,2,3\n4,5,6\n"));
    assertThat(table.features(List.of("c", "a"))).isDeepEqualTo(new double[][] {{3, 1}, {6, 4}});
    assertThatThrownBy(() -> table.features(List.of("z"))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no column 'z' (columns: a,b,c)");
  }

  @Test
  void float32ParsingWidensTheNearestFloat() throws IOException {
    CsvTable table = CsvTable.read(write("z\n0.391993105\n"), true);
    assertThat(table.features(null)[0][0]).isEqualTo((double) 0.391993105f);
  }

  @Test
  void nonNumericCellNamesTheLineAndColumn() throws IOException {
    Path file = write("a,b\n1,2\n3,abc\n");
    assertThatThrownBy(() -> CsvTable.read(file)).isInstanceOf(CsvFormatException.class)
        .hasMessage(file + " line 3, column 'b': 'abc' is not a number");
  }

  @Test
  void raggedRowNamesTheLine() throws IOException {
    Path file = write("a,b,c\n1,2,3\n4,5\n");
    assertThatThrownBy(() -> CsvTable.read(file)).isInstanceOf(CsvFormatException.class)
        .hasMessage(file + " line 3: 2 fields, but the header has 3");
    Path longer = write("a,b\n1,2,3\n");
    assertThatThrownBy(() -> CsvTable.read(longer)).hasMessage(longer + " line 2: 3 fields, but the header has 2");
  }

  @Test
  void emptyCellsAndEmptyFilesAreErrors() throws IOException {
    Path empty = write("");
    assertThatThrownBy(() -> CsvTable.read(empty)).isInstanceOf(CsvFormatException.class)
        .hasMessageContaining("is empty");
    Path headerOnly = write("a,b\n");
    assertThatThrownBy(() -> CsvTable.read(headerOnly)).hasMessageContaining("no data rows");
    Path emptyCell = write("a,b\n1,\n");
    assertThatThrownBy(() -> CsvTable.read(emptyCell)).hasMessageContaining("line 2, column 'b': empty cell");
    Path duplicate = write("a,a\n1,2\n");
    assertThatThrownBy(() -> CsvTable.read(duplicate)).hasMessageContaining("column 'a' appears twice");
  }

  @Test
  void missingFileIsNoSuchFile() {
    assertThatThrownBy(() -> CsvTable.read(dir.resolve("absent.csv"))).isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void integerColumnsRejectFractions() throws IOException {
    CsvTable table = CsvTable.read(write("kmeans_label\n3\n1.5\n"));
    assertThatThrownBy(table::onlyIntColumn).isInstanceOf(CsvFormatException.class)
        .hasMessageContaining("line 3, column 'kmeans_label': 1.5 is not an integer");
  }
}
