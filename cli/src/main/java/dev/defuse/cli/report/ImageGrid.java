package dev.defuse.cli.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * A grid of small images (NCHW pixels in [0, 1]) enlarged for the eye, each with an optional caption in its top-left
 * corner (e.g. the classifier's prediction) and bottom-left corner (e.g. the annotators' label), as in the paper's
 * Fig. 3.
 */
final class ImageGrid {

  /** One tile: {@code channels × size × size} pixels and its two captions (either may be null). */
  record Tile(float[] pixels, int channels, int size, String topLeft, Color topColor, String bottomLeft) {}

  private static final int SCALE = 4;
  private static final int GAP = 4;

  private ImageGrid() {
  }

  static void write(List<Tile> tiles, int columns, Path file) {
    if (tiles.isEmpty()) {
      return;
    }
    int cell = tiles.get(0).size() * SCALE;
    int rows = (tiles.size() + columns - 1) / columns;
    BufferedImage image = new BufferedImage(columns * (cell + GAP) + GAP, rows * (cell + GAP) + GAP,
        BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, image.getWidth(), image.getHeight());
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(10, cell / 8)));
    for (int i = 0; i < tiles.size(); i++) {
      Tile t = tiles.get(i);
      int x0 = GAP + (i % columns) * (cell + GAP);
      int y0 = GAP + (i / columns) * (cell + GAP);
      int plane = t.size() * t.size();
      for (int y = 0; y < t.size(); y++) {
        for (int x = 0; x < t.size(); x++) {
          int p = y * t.size() + x;
          int r = byteOf(t.pixels()[p]);
          int gr = t.channels() == 3 ? byteOf(t.pixels()[plane + p]) : r;
          int b = t.channels() == 3 ? byteOf(t.pixels()[2 * plane + p]) : r;
          g.setColor(new Color(r, gr, b));
          g.fillRect(x0 + x * SCALE, y0 + y * SCALE, SCALE, SCALE);
        }
      }
      if (t.topLeft() != null) {
        g.setColor(t.topColor() != null ? t.topColor() : Color.RED);
        g.drawString(t.topLeft(), x0 + 2, y0 + g.getFontMetrics().getAscent());
      }
      if (t.bottomLeft() != null) {
        g.setColor(new Color(0, 200, 255));
        g.drawString(t.bottomLeft(), x0 + 2, y0 + cell - 3);
      }
    }
    g.dispose();
    try {
      ImageIO.write(image, "png", file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /** Row {@code row} of a flat NCHW array with {@code perImage} values per image. */
  static float[] row(float[] data, int row, int perImage) {
    float[] out = new float[perImage];
    System.arraycopy(data, row * perImage, out, 0, perImage);
    return out;
  }

  static List<Tile> empty() {
    return new ArrayList<>();
  }

  private static int byteOf(float v) {
    return Math.round(Math.max(0f, Math.min(1f, Float.isNaN(v) ? 0f : v)) * 255f);
  }
}
