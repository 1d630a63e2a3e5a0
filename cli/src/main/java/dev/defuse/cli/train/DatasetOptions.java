package dev.defuse.cli.train;

import dev.defuse.common.data.DatasetSplit;
import dev.defuse.common.data.ImageFolderReader;
import dev.defuse.common.data.ImageShape;
import dev.defuse.common.data.LabeledImages;
import dev.defuse.common.data.MnistDataset;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** Which images to train and test on: an MNIST-style IDX folder or an image-folder dataset. */
public final class DatasetOptions {

  static final class Source {
    @Option(names = "--data", paramLabel = "DIR",
        description = "Folder with MNIST IDX files (train-* and t10k-*, .gz or raw); default "
            + MnistDataset.DEFAULT_DIRECTORY + ".")
    Path idx;

    @Option(names = "--image-folder", paramLabel = "DIR",
        description = "Image-folder dataset: DIR/train/<class>/*.png|jpg and DIR/test/<class>/…, class ids from "
            + "classes.txt or the folder names; images are resized to --image-size and --channels.")
    Path imageFolder;
  }

  @ArgGroup(exclusive = true)
  Source source = new Source();

  @Option(names = "--image-size", paramLabel = "PX", defaultValue = "32",
      description = "Side images of --image-folder are resized to (default ${DEFAULT-VALUE}).")
  int imageSize;

  @Option(names = "--channels", paramLabel = "C", defaultValue = "3",
      description = "Channels of --image-folder images after conversion: 1 or 3 (default ${DEFAULT-VALUE}).")
  int channels;

  @Option(names = "--limit", paramLabel = "N",
      description = "Use only the first N training images (quick runs).")
  Integer limit;

  @Option(names = "--test-limit", paramLabel = "N",
      description = "Use only the first N test images for the final evaluation.")
  Integer testLimit;

  /** Human-readable name of the source. */
  public String describe() {
    return source.imageFolder != null ? "image folder " + source.imageFolder : "IDX " + idxDirectory();
  }

  public LabeledImages train() {
    return limit(load(DatasetSplit.TRAIN), limit);
  }

  /** The test split, or {@code null} if the dataset has none. */
  public LabeledImages test() {
    if (source.imageFolder != null && !Files.isDirectory(source.imageFolder.resolve(DatasetSplit.TEST.folderName()))) {
      return null;
    }
    return limit(load(DatasetSplit.TEST), testLimit);
  }

  private LabeledImages load(DatasetSplit split) {
    if (source.imageFolder != null) {
      return new ImageFolderReader(new ImageShape(channels, imageSize, imageSize))
          .read(source.imageFolder.resolve(split.folderName()));
    }
    return MnistDataset.load(idxDirectory(), split);
  }

  private Path idxDirectory() {
    return source.idx != null ? source.idx : Path.of(MnistDataset.DEFAULT_DIRECTORY);
  }

  private static LabeledImages limit(LabeledImages images, Integer max) {
    if (max == null || max >= images.size()) {
      return images;
    }
    if (max <= 0) {
      throw new IllegalArgumentException("a limit must be positive, got " + max);
    }
    return images.slice(0, max);
  }
}
