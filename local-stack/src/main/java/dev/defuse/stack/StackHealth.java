package dev.defuse.stack;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The local stack as checked right now: the daemon's status file (if any) and, per server, whether its process is
 * alive and whether it answers its protocol.
 */
public record StackHealth(Path dataDir, Optional<StackStatus> status, boolean daemonAlive, List<Component> components) {

  /** One server: where it listens, its process and the outcome of a real request. */
  public record Component(String name, String endpoint, long pid, boolean processAlive, boolean reachable,
                          String detail) {
    public boolean up() {
      return processAlive && reachable;
    }
  }

  /** Everything runs and answers. */
  public boolean up() {
    return daemonAlive && status.isPresent() && components.stream().allMatch(Component::up);
  }

  /** {@code up}, {@code down}, {@code starting} (daemon alive, not ready yet) or {@code degraded}. */
  public String state() {
    if (up()) {
      return "up";
    }
    if (status.isEmpty()) {
      return daemonAlive ? "starting" : "down";
    }
    return daemonAlive || components.stream().anyMatch(Component::up) ? "degraded" : "down";
  }

  public Map<String, Object> toJsonMap() {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("state", state());
    root.put("dataDir", dataDir.toString());
    root.put("daemonAlive", daemonAlive);
    List<Map<String, Object>> list = components.stream().map(c -> {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", c.name());
      m.put("endpoint", c.endpoint());
      m.put("pid", c.pid());
      m.put("processAlive", c.processAlive());
      m.put("reachable", c.reachable());
      m.put("up", c.up());
      m.put("detail", c.detail());
      return m;
    }).toList();
    root.put("components", list);
    status.ifPresent(s -> root.put("status", s.toJsonMap()));
    return root;
  }
}
