package dev.defuse.cli.models;

import picocli.CommandLine.Option;

/** Where the correction service (model registry and job progress) is. */
public final class CorrectionServiceOptions {

  /** Environment variable naming the correction service's base URL. */
  static final String URL_ENV = "DEFUSE_CORRECTION_URL";

  @Option(names = "--url", paramLabel = "URL", defaultValue = "${env:" + URL_ENV + ":-http://localhost:8084}",
      description = "Correction service base URL (env " + URL_ENV + "; default ${DEFAULT-VALUE}).")
  String url;

  public CorrectionClient client() {
    return new CorrectionClient(url);
  }
}
