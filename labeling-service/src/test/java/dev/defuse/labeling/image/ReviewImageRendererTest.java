package dev.defuse.labeling.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ReviewImageRendererTest {

  @Test
  void rendersTheRequestedRowScaledWithNearestNeighbour() throws IOException {
    // two 2x2 grey images: row 1 is [[0, 1], [0.5, 2.0 (clamped)]]
    float[] data = {0.1f, 0.1f, 0.1f, 0.1f, 0f, 1f, 0.5f, 2.0f};
    BufferedImage img = ImageIO.read(new ByteArrayInputStream(
        ReviewImageRenderer.png(new int[] {2, 1, 2, 2}, data, 1, 3)));
    assertThat(img.getWidth()).isEqualTo(6);
    assertThat(img.getHeight()).isEqualTo(6);
    assertThat(grey(img, 0, 0)).isEqualTo(0);
    assertThat(grey(img, 2, 2)).isEqualTo(0);
    assertThat(grey(img, 3, 0)).isEqualTo(255);
    assertThat(grey(img, 5, 2)).isEqualTo(255);
    assertThat(grey(img, 0, 3)).isEqualTo(128);
    assertThat(grey(img, 5, 5)).isEqualTo(255);
  }

  @Test
  void rendersRgbTensors() throws IOException {
    // one 1x1 RGB image: r=1, g=0, b=0.5
    BufferedImage img = ImageIO.read(new ByteArrayInputStream(
        ReviewImageRenderer.png(new int[] {1, 3, 1, 1}, new float[] {1f, 0f, 0.5f}, 0, 1)));
    int rgb = img.getRGB(0, 0);
    assertThat((rgb >> 16) & 0xff).isEqualTo(255);
    assertThat((rgb >> 8) & 0xff).isEqualTo(0);
    assertThat(rgb & 0xff).isEqualTo(128);
  }

  @Test
  void refusesShapesItCannotShow() {
    assertThatThrownBy(() -> ReviewImageRenderer.png(new int[] {1, 2, 1, 1}, new float[2], 0, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ReviewImageRenderer.png(new int[] {1, 1, 1}, new float[1], 1, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static int grey(BufferedImage img, int x, int y) {
    return img.getRaster().getSample(x, y, 0);
  }
}
