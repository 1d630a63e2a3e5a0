package dev.defuse.cli.labeling;

import picocli.CommandLine.Option;

/** Where the labeling service is and the admin credential (both default to the environment). */
public final class LabelingServiceOptions {

  @Option(names = "--url", paramLabel = "URL",
      defaultValue = "${env:DEFUSE_LABELING_URL:-http://localhost:8083}",
      description = "Labeling service base URL (env DEFUSE_LABELING_URL; default ${DEFAULT-VALUE}).")
  String url;

  @Option(names = "--admin-token", paramLabel = "TOKEN",
      defaultValue = "${env:DEFUSE_LABELING_ADMIN_TOKEN}",
      description = "Admin credential of the labeling service (env DEFUSE_LABELING_ADMIN_TOKEN).")
  String adminToken;

  public LabelingAdminClient client() {
    if (adminToken == null || adminToken.isBlank()) {
      throw new LabelingAdminClient.ApiException(
          "no admin token: pass --admin-token or set DEFUSE_LABELING_ADMIN_TOKEN");
    }
    return new LabelingAdminClient(url, adminToken);
  }
}
