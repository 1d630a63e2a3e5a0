package dev.defuse.cli.stack;

import dev.defuse.stack.StackHealth;
import dev.defuse.stack.StackLauncher;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code ./defuse status}: each server of the local stack, checked with a real request. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
        "Show each server of the local stack: endpoint, process id, and whether it answers a real request "
            + "(Kafka ApiVersions, HTTP for S3, the PostgreSQL handshake).",
        "Exit code 0 when everything is up, 3 when the stack is down, starting or degraded."})
public final class StatusCommand implements Callable<Integer> {

  static final int NOT_UP = 3;

  @Spec
  CommandSpec spec;

  @Mixin
  StackDirectory directory;

  @Mixin
  JsonOutput json;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    StackHealth health = new StackLauncher().health(directory.resolve());
    if (json.enabled()) {
      json.print(out, health.toJsonMap());
    } else {
      out.println("Local stack: " + health.state() + " (data " + health.dataDir() + ")");
      if (!health.components().isEmpty()) {
        out.printf("  %-17s %-5s %-8s %-45s %s%n", "COMPONENT", "STATE", "PID", "ENDPOINT", "CHECK");
        health.components().forEach(c -> out.printf("  %-17s %-5s %-8s %-45s %s%n", c.name(),
            c.up() ? "up" : "down", c.pid() > 0 ? Long.toString(c.pid()) : "-", c.endpoint(),
            c.processAlive() ? c.detail() : "process not running; " + c.detail()));
      }
      health.status().ifPresent(s -> out.println("  daemon pid " + s.pid() + (health.daemonAlive() ? "" : " (gone)")
          + ", started " + s.startedAt() + ", log " + s.logFile()));
      switch (health.state()) {
        case "down" -> out.println("Start it with './defuse up'.");
        case "starting" -> out.println("Still starting; follow the daemon log in " + health.dataDir() + "/logs.");
        case "degraded" -> out.println("Restart it with './defuse down' then './defuse up'; logs in "
            + health.dataDir() + "/logs.");
        default -> { }
      }
    }
    return health.up() ? 0 : NOT_UP;
  }
}
