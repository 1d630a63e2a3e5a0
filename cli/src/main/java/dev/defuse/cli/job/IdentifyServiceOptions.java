package dev.defuse.cli.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import picocli.CommandLine.Option;

/** Where identify-service is, and whether to print JSON. */
public final class IdentifyServiceOptions {

  @Option(names = "--url", paramLabel = "URL", defaultValue = "${env:DEFUSE_IDENTIFY_URL:-http://localhost:8081}",
      description = "identify-service base URL (env DEFUSE_IDENTIFY_URL; default ${DEFAULT-VALUE}).")
  String url;

  @Option(names = "--json", description = "Print the service's JSON answer (for scripts).")
  boolean json;

  public IdentifyClient client() {
    return new IdentifyClient(url);
  }

  boolean json() {
    return json;
  }

  static void printJson(PrintWriter out, JsonNode node) {
    try {
      out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(node));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot print JSON: " + e.getMessage(), e);
    }
    out.flush();
  }
}
