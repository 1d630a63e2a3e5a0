package dev.defuse.stack;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The classpath of the stack daemon JVM and the location of the S3Proxy jar.
 *
 * <p>Users of the launcher depend on local-stack without its dependencies (Kafka and PostgreSQL must not land on a
 * Quarkus test classpath), so the build records the absolute paths of the daemon's jars in
 * {@code dev/defuse/stack/daemon-classpath.properties}; the local-stack classes themselves are found where this
 * class was loaded from.
 */
public record DaemonClasspath(List<Path> entries, Path s3proxyJar) {

  static final String RESOURCE = "daemon-classpath.properties";

  /** Reads the build-time resource and checks that every listed file still exists. */
  public static DaemonClasspath load() {
    Map<String, String> props = readResource();
    List<Path> entries = new ArrayList<>();
    entries.add(ownLocation(props.get("classes.dir")));
    for (String entry : props.getOrDefault("classpath", "").split(File.pathSeparator)) {
      if (!entry.isBlank()) {
        entries.add(Path.of(entry.trim()));
      }
    }
    String s3proxy = props.get("s3proxy.jar");
    if (s3proxy == null || s3proxy.isBlank() || s3proxy.startsWith("${")) {
      throw new StackException("the local-stack jar was built without the S3Proxy jar location; rebuild it with "
          + "'./mvnw install -pl local-stack'");
    }
    DaemonClasspath classpath = new DaemonClasspath(List.copyOf(entries), Path.of(s3proxy.trim()));
    classpath.verify();
    return classpath;
  }

  /** The classpath as one {@code -cp} argument. */
  public String asArgument() {
    return String.join(File.pathSeparator, entries.stream().map(Path::toString).toList());
  }

  private void verify() {
    List<Path> missing = new ArrayList<>();
    for (Path p : entries) {
      if (!Files.exists(p)) {
        missing.add(p);
      }
    }
    if (!Files.isRegularFile(s3proxyJar)) {
      missing.add(s3proxyJar);
    }
    if (!missing.isEmpty()) {
      throw new StackException("the stack daemon's jars are missing (was the local Maven repository cleaned?): "
          + missing.subList(0, Math.min(3, missing.size())) + (missing.size() > 3 ? " and " + (missing.size() - 3)
          + " more" : "") + ". Rebuild with './mvnw install -pl local-stack -am -DskipTests'.");
    }
  }

  private static Map<String, String> readResource() {
    try (InputStream in = DaemonClasspath.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new StackException("resource dev/defuse/stack/" + RESOURCE + " is missing from the local-stack jar; "
            + "rebuild it with './mvnw install -pl local-stack'");
      }
      // key=value lines, split at the first '=' (paths are not escaped as java.util.Properties would expect)
      Map<String, String> props = new HashMap<>();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\\R")) {
        int eq = line.indexOf('=');
        if (!line.startsWith("#") && eq > 0) {
          props.put(line.substring(0, eq).trim(), line.substring(eq + 1));
        }
      }
      return props;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The jar (or classes directory) holding the local-stack classes. */
  private static Path ownLocation(String buildClassesDir) {
    try {
      CodeSource source = DaemonClasspath.class.getProtectionDomain().getCodeSource();
      if (source != null && source.getLocation() != null && "file".equals(source.getLocation().getProtocol())) {
        Path p = Path.of(source.getLocation().toURI());
        if (Files.exists(p)) {
          return p;
        }
      }
      // some class loaders (e.g. Quarkus') hide the code source: derive it from the class file's URL
      URL self = DaemonClasspath.class.getResource(DaemonClasspath.class.getSimpleName() + ".class");
      if (self != null) {
        String url = self.toString();
        if (url.startsWith("jar:file:")) {
          Path jar = Path.of(new URL(url.substring(4, url.indexOf("!/"))).toURI());
          if (Files.exists(jar)) {
            return jar;
          }
        } else if (url.startsWith("file:")) {
          Path classFile = Path.of(self.toURI());
          Path root = classFile;
          for (int i = 0; i < DaemonClasspath.class.getName().split("\\.").length; i++) {
            root = root.getParent();
          }
          return root;
        }
      }
    } catch (URISyntaxException | IOException | RuntimeException e) {
      // fall through to the build directory
    }
    if (buildClassesDir != null && Files.isDirectory(Path.of(buildClassesDir))) {
      return Path.of(buildClassesDir);
    }
    throw new StackException("cannot locate the local-stack classes to start the stack daemon");
  }
}
