package dev.defuse.common.ml.eval;

import dev.defuse.common.ml.arch.ImageInput;
import dev.defuse.common.util.Require;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * A PNG of original images with their reconstructions: rows of originals, each directly above the row of their
 * reconstructions, separated by a one-pixel gap, each pixel enlarged {@code scale} times.
 */
public final class ReconstructionGrid {

    private ReconstructionGrid() {
    }

    /**
     * Draws the grid.
     *
     * @param originals       NCHW pixels in [0, 1]
     * @param reconstructions NCHW pixels in [0, 1], same layout
     * @param count           images to draw (at most what the arrays hold)
     * @param columns         images per row
     * @param scale           enlargement per pixel
     */
    public static BufferedImage render(float[] originals, float[] reconstructions, int count, ImageInput input,
                                       int columns, int scale) {
        int per = input.pixelsPerImage();
        Require.check(originals.length >= (long) count * per && reconstructions.length >= (long) count * per,
                "not enough pixels for " + count + " images");
        Require.positive(columns, "columns");
        Require.positive(scale, "scale");
        int side = input.size() * scale;
        int cell = side + 1;
        int rows = (count + columns - 1) / columns;
        BufferedImage image = new BufferedImage(Math.max(1, columns * cell - 1), Math.max(1, rows * 2 * cell - 1),
                BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < count; i++) {
            int x0 = (i % columns) * cell;
            int y0 = (i / columns) * 2 * cell;
            draw(image, originals, i, input, x0, y0, scale);
            draw(image, reconstructions, i, input, x0, y0 + cell, scale);
        }
        return image;
    }

    /** Renders the grid and writes it as PNG (parent folders are created). */
    public static void write(Path png, float[] originals, float[] reconstructions, int count, ImageInput input,
                             int columns, int scale) throws IOException {
        BufferedImage image = render(originals, reconstructions, count, input, columns, scale);
        if (png.toAbsolutePath().getParent() != null) {
            Files.createDirectories(png.toAbsolutePath().getParent());
        }
        if (!ImageIO.write(image, "png", png.toFile())) {
            throw new IOException("no PNG writer available");
        }
    }

    private static void draw(BufferedImage image, float[] pixels, int index, ImageInput input, int x0, int y0,
                             int scale) {
        int size = input.size();
        int plane = size * size;
        int offset = index * input.pixelsPerImage();
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int r;
                int g;
                int b;
                if (input.channels() >= 3) {
                    r = level(pixels[offset + y * size + x]);
                    g = level(pixels[offset + plane + y * size + x]);
                    b = level(pixels[offset + 2 * plane + y * size + x]);
                } else {
                    r = level(pixels[offset + y * size + x]);
                    g = r;
                    b = r;
                }
                int rgb = (r << 16) | (g << 8) | b;
                for (int dy = 0; dy < scale; dy++) {
                    for (int dx = 0; dx < scale; dx++) {
                        image.setRGB(x0 + x * scale + dx, y0 + y * scale + dy, rgb);
                    }
                }
            }
        }
    }

    private static int level(float value) {
        return Math.round(Math.max(0f, Math.min(1f, value)) * 255f);
    }
}
