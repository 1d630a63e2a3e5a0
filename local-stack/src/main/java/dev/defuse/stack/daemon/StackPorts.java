package dev.defuse.stack.daemon;

import dev.defuse.stack.StackConfig;
import dev.defuse.stack.StackDefaults;
import dev.defuse.stack.StackException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The ports of the four listeners. Each is the one given explicitly, else the one this data directory used last
 * time (clients keep working across restarts), else a free port ({@code --free-ports}) or the default.
 */
record StackPorts(int kafka, int controller, int s3, int postgres) {

  private static final String KAFKA = "kafka";
  private static final String CONTROLLER = "kafka-controller";
  private static final String S3 = "s3";
  private static final String POSTGRES = "postgres";

  static StackPorts resolve(StackConfig config, Path savedPortsFile) {
    Properties saved = load(savedPortsFile);
    Map<String, Integer> ports = new LinkedHashMap<>();
    ports.put(KAFKA, pick(config.kafkaPort(), saved, KAFKA));
    ports.put(CONTROLLER, pick(config.controllerPort(), saved, CONTROLLER));
    ports.put(S3, pick(config.s3Port(), saved, S3));
    ports.put(POSTGRES, pick(config.postgresPort(), saved, POSTGRES));
    Map<String, Integer> defaults = Map.of(KAFKA, StackDefaults.KAFKA_PORT, CONTROLLER,
        StackDefaults.KAFKA_CONTROLLER_PORT, S3, StackDefaults.S3_PORT, POSTGRES, StackDefaults.POSTGRES_PORT);
    List<String> unresolved = ports.entrySet().stream().filter(e -> e.getValue() == 0).map(Map.Entry::getKey).toList();
    if (config.freePorts()) {
      List<Integer> free = freePorts(config.host(), unresolved.size());
      for (int i = 0; i < unresolved.size(); i++) {
        ports.put(unresolved.get(i), free.get(i));
      }
    } else {
      unresolved.forEach(name -> ports.put(name, defaults.get(name)));
    }
    if (ports.values().stream().distinct().count() != ports.size()) {
      throw new StackException("the stack's ports must differ from each other: " + ports);
    }
    ports.forEach((name, port) -> requireFree(config.host(), name, port));
    return new StackPorts(ports.get(KAFKA), ports.get(CONTROLLER), ports.get(S3), ports.get(POSTGRES));
  }

  void save(Path file) {
    Properties p = new Properties();
    p.setProperty(KAFKA, Integer.toString(kafka));
    p.setProperty(CONTROLLER, Integer.toString(controller));
    p.setProperty(S3, Integer.toString(s3));
    p.setProperty(POSTGRES, Integer.toString(postgres));
    try (OutputStream out = Files.newOutputStream(file)) {
      p.store(out, "ports of the local stack in this data directory (reused on the next start)");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private static int pick(int explicit, Properties saved, String name) {
    if (explicit > 0) {
      return explicit;
    }
    String previous = saved.getProperty(name);
    return previous == null ? 0 : Integer.parseInt(previous.trim());
  }

  private static Properties load(Path file) {
    Properties p = new Properties();
    if (Files.isRegularFile(file)) {
      try (InputStream in = Files.newInputStream(file)) {
        p.load(in);
      } catch (IOException | IllegalArgumentException e) {
        // a damaged ports file only costs us the previous ports
        return new Properties();
      }
    }
    return p;
  }

  private static List<Integer> freePorts(String host, int count) {
    // hold all sockets until every port is chosen so the ports differ
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(host));
        sockets.add(socket);
      }
      return sockets.stream().map(ServerSocket::getLocalPort).toList();
    } catch (IOException e) {
      throw new StackException("cannot find free ports on " + host + ": " + e.getMessage(), e);
    } finally {
      for (ServerSocket s : sockets) {
        try {
          s.close();
        } catch (IOException ignored) {
          // closing a probe socket
        }
      }
    }
  }

  private static void requireFree(String host, String name, int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getByName(host), port));
    } catch (IOException e) {
      throw new StackException("port " + port + " (" + name + ") on " + host + " is already in use; stop what "
          + "uses it or choose another port (e.g. ./defuse up --" + name.replace("kafka-controller", "controller")
          + "-port <port>)");
    }
  }
}
