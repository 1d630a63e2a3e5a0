package dev.defuse.labeling.image;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/**
 * Renders one row of a review tensor as a PNG. The tensor is {@code [n, h, w]} (grey) or {@code [n, c, h, w]} with
 * {@code c} = 1 (grey) or 3 (RGB), values in [0, 1] (the decoder's output; values outside are clamped). Each pixel
 * becomes a {@code scale × scale} block (nearest neighbour), so small images stay sharp for human eyes.
 */
public final class ReviewImageRenderer {

  private ReviewImageRenderer() {}

  /** Number of images in a tensor of this shape. */
  public static int rows(int[] shape) {
    checkShape(shape);
    return shape[0];
  }

  public static byte[] png(int[] shape, float[] data, int row, int scale) {
    checkShape(shape);
    if (row < 0 || row >= shape[0]) {
      throw new IllegalArgumentException("row " + row + " outside [0, " + shape[0] + ")");
    }
    if (scale < 1) {
      throw new IllegalArgumentException("scale must be at least 1, got " + scale);
    }
    int channels = shape.length == 3 ? 1 : shape[1];
    int h = shape[shape.length - 2];
    int w = shape[shape.length - 1];
    int plane = h * w;
    int offset = row * channels * plane;
    BufferedImage image = new BufferedImage(w * scale, h * scale,
        channels == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_3BYTE_BGR);
    // Grey values go straight into the raster: setRGB on a grey image would convert sRGB to linear grey.
    java.awt.image.WritableRaster raster = image.getRaster();
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int p = y * w + x;
        for (int dy = 0; dy < scale; dy++) {
          for (int dx = 0; dx < scale; dx++) {
            int px = x * scale + dx;
            int py = y * scale + dy;
            if (channels == 1) {
              raster.setSample(px, py, 0, toByte(data[offset + p]));
            } else {
              raster.setSample(px, py, 0, toByte(data[offset + p]));
              raster.setSample(px, py, 1, toByte(data[offset + plane + p]));
              raster.setSample(px, py, 2, toByte(data[offset + 2 * plane + p]));
            }
          }
        }
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode PNG", e);
    }
    return out.toByteArray();
  }

  private static int toByte(float v) {
    float clamped = Float.isNaN(v) ? 0f : Math.max(0f, Math.min(1f, v));
    return Math.round(clamped * 255f);
  }

  private static void checkShape(int[] shape) {
    boolean ok = shape.length == 3 || (shape.length == 4 && (shape[1] == 1 || shape[1] == 3));
    if (!ok) {
      throw new IllegalArgumentException("review tensor must be [n, h, w] or [n, 1|3, h, w], got "
          + java.util.Arrays.toString(shape));
    }
  }
}
