package dev.defuse.cli.stack;

import dev.defuse.stack.Json;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine.Option;

/** The {@code --json} option: machine-readable output instead of text. */
public final class JsonOutput {

  @Option(names = "--json", description = "Print the result as JSON (for scripts).")
  boolean enabled;

  public boolean enabled() {
    return enabled;
  }

  /** Prints {@code document} as JSON and flushes (the process may exit right after). */
  public void print(PrintWriter out, Map<String, Object> document) {
    out.print(Json.write(document));
    out.flush();
  }
}
