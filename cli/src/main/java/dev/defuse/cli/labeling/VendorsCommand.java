package dev.defuse.cli.labeling;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code ./defuse vendors create|list|revoke}: manage labeling vendors through the admin API. */
@Command(name = "vendors", mixinStandardHelpOptions = true,
    description = "Manage labeling vendors and their API keys (labeling-service admin API).",
    subcommands = {VendorsCommand.Create.class, VendorsCommand.ListVendors.class, VendorsCommand.Revoke.class})
public final class VendorsCommand implements Runnable {

  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Base of the subcommands: calls the API and reports a refusal as one line and exit code 1. */
  abstract static class AdminCall implements Callable<Integer> {
    @Mixin
    LabelingServiceOptions service;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
      try {
        run(service.client(), spec.commandLine().getOut());
        return 0;
      } catch (LabelingAdminClient.ApiException e) {
        spec.commandLine().getErr().println("error: " + e.getMessage());
        return 1;
      }
    }

    abstract void run(LabelingAdminClient client, PrintWriter out);
  }

  @Command(name = "create", mixinStandardHelpOptions = true,
      description = "Create a vendor and print its API key (shown only this once).")
  static final class Create extends AdminCall {
    @Parameters(paramLabel = "NAME", description = "Vendor name (unique).")
    String name;

    @Override
    void run(LabelingAdminClient client, PrintWriter out) {
      JsonNode v = client.createVendor(name);
      out.printf("vendor %d '%s' created%n", v.get("id").asLong(), v.get("name").asText());
      out.printf("API key (store it now; it is not shown again): %s%n", v.get("apiKey").asText());
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List vendors.")
  static final class ListVendors extends AdminCall {
    @Override
    void run(LabelingAdminClient client, PrintWriter out) {
      JsonNode vendors = client.listVendors();
      out.printf("%-6s %-30s %-10s %-8s %s%n", "ID", "NAME", "KEY", "STATE", "CREATED");
      for (JsonNode v : vendors) {
        out.printf("%-6d %-30s %-10s %-8s %s%n", v.get("id").asLong(), v.get("name").asText(),
            v.get("keyFingerprint").asText(), v.get("active").asBoolean() ? "active" : "revoked",
            v.get("createdAt").asText());
      }
    }
  }

  @Command(name = "revoke", mixinStandardHelpOptions = true,
      description = "Revoke a vendor's API key; its open leases are released, its votes kept.")
  static final class Revoke extends AdminCall {
    @Parameters(paramLabel = "ID", description = "Vendor id (see `vendors list`).")
    long id;

    @Override
    void run(LabelingAdminClient client, PrintWriter out) {
      JsonNode v = client.revokeVendor(id);
      out.printf("vendor %d '%s' revoked at %s%n", v.get("id").asLong(), v.get("name").asText(),
          v.get("revokedAt").asText());
    }
  }
}
