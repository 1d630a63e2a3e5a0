package dev.defuse.cli.train;

import picocli.CommandLine.Option;

/** The width parameters of the paper's networks. */
public final class WidthOptions {

  static final int PAPER_HIDDEN = 256;

  @Option(names = "--filters", paramLabel = "N",
      description = "Filters per convolution (default as in the paper: 64 for the classifier; 32 for a grayscale "
          + "VAE, 64 for an RGB one).")
  Integer filters;

  @Option(names = "--hidden", paramLabel = "N", defaultValue = "" + PAPER_HIDDEN,
      description = "Units of the hidden fully connected layers (default ${DEFAULT-VALUE}).")
  int hidden;

  int filtersOr(int paperFilters) {
    return filters != null ? filters : paperFilters;
  }
}
