package dev.defuse.stack.daemon;

import dev.defuse.stack.StackException;
import dev.defuse.stack.TopicSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Apache Kafka broker in KRaft mode (combined broker + controller) inside this JVM: the storage
 * is formatted once, then {@link KafkaRaftServer} runs on it. Internal topics use replication factor 1 and topics are
 * never auto-created (a typo in a topic name must fail, not create a new topic).
 */
final class KafkaBroker implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaBroker.class);
  private static final int NODE_ID = 1;
  private static final String CONTROLLER_LISTENER = "CONTROLLER";
  private static final String BROKER_LISTENER = "PLAINTEXT";

  private final Path dir;
  private final String host;
  private final int port;
  private final int controllerPort;
  private KafkaRaftServer server;

  KafkaBroker(Path dir, String host, int port, int controllerPort) {
    this.dir = dir;
    this.host = host;
    this.port = port;
    this.controllerPort = controllerPort;
  }

  String bootstrapServers() {
    return host + ":" + port;
  }

  Path logDir() {
    return dir.resolve("data");
  }

  void start() {
    try {
      Files.createDirectories(logDir());
      Properties props = serverProperties();
      Path propsFile = dir.resolve("server.properties");
      try (OutputStream out = Files.newOutputStream(propsFile)) {
        props.store(out, "Kafka broker of the Defuse local stack (written on every start)");
      }
      formatStorageOnce(propsFile);
      server = new KafkaRaftServer(new KafkaConfig(props), Time.SYSTEM);
      server.startup();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare Kafka storage in " + dir, e);
    }
  }

  private Properties serverProperties() {
    Properties p = new Properties();
    p.setProperty("process.roles", "broker,controller");
    p.setProperty("node.id", Integer.toString(NODE_ID));
    // a static single-voter quorum: survives a change of the controller port between restarts
    p.setProperty("controller.quorum.voters", NODE_ID + "@" + host + ":" + controllerPort);
    p.setProperty("listeners", BROKER_LISTENER + "://" + host + ":" + port + ","
        + CONTROLLER_LISTENER + "://" + host + ":" + controllerPort);
    p.setProperty("advertised.listeners", BROKER_LISTENER + "://" + host + ":" + port);
    p.setProperty("controller.listener.names", CONTROLLER_LISTENER);
    p.setProperty("inter.broker.listener.name", BROKER_LISTENER);
    p.setProperty("listener.security.protocol.map", BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER
        + ":PLAINTEXT");
    p.setProperty("log.dirs", logDir().toString());
    p.setProperty("auto.create.topics.enable", "false");
    p.setProperty("num.partitions", "1");
    p.setProperty("default.replication.factor", "1");
    p.setProperty("min.insync.replicas", "1");
    p.setProperty("offsets.topic.replication.factor", "1");
    // fewer internal partitions than the production default of 50: faster first consumer group on 2 cores
    p.setProperty("offsets.topic.num.partitions", "10");
    p.setProperty("transaction.state.log.replication.factor", "1");
    p.setProperty("transaction.state.log.min.isr", "1");
    p.setProperty("transaction.state.log.num.partitions", "4");
    p.setProperty("share.coordinator.state.topic.replication.factor", "1");
    p.setProperty("share.coordinator.state.topic.min.isr", "1");
    p.setProperty("group.initial.rebalance.delay.ms", "0");
    p.setProperty("num.network.threads", "2");
    p.setProperty("num.io.threads", "4");
    p.setProperty("num.recovery.threads.per.data.dir", "1");
    return p;
  }

  /** Formats the log directory on first start only; later starts keep the cluster id and every record. */
  private void formatStorageOnce(Path propsFile) {
    if (Files.exists(logDir().resolve("meta.properties"))) {
      return;
    }
    String clusterId = Uuid.randomUuid().toString();
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    int code;
    try (PrintStream print = new PrintStream(output, true, StandardCharsets.UTF_8)) {
      code = StorageTool.execute(new String[] {"format", "--config", propsFile.toString(),
          "--cluster-id", clusterId}, print);
    } catch (RuntimeException e) {
      throw new StackException("formatting Kafka storage in " + logDir() + " failed: " + e.getMessage(), e);
    }
    String text = output.toString(StandardCharsets.UTF_8).trim();
    if (code != 0) {
      throw new StackException("formatting Kafka storage in " + logDir() + " failed (exit " + code + "): " + text);
    }
    LOG.info("formatted Kafka storage {} (cluster id {})", logDir(), clusterId);
  }

  /**
   * Creates missing topics and adds partitions to topics that have fewer than configured (Kafka cannot remove
   * partitions: a topic with more keeps them, with a warning). Returns the partition count of every topic.
   */
  Map<String, Integer> ensureTopics(List<TopicSpec> topics, Duration timeout) {
    Properties props = new Properties();
    props.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    props.setProperty(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(timeout.toMillis()));
    props.setProperty(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(timeout.toMillis()));
    try (Admin admin = Admin.create(props)) {
      long wait = timeout.toMillis();
      Set<String> existing = admin.listTopics().names().get(wait, TimeUnit.MILLISECONDS);
      List<NewTopic> toCreate = new ArrayList<>();
      for (TopicSpec t : topics) {
        if (!existing.contains(t.name())) {
          toCreate.add(new NewTopic(t.name(), t.partitions(), (short) 1));
        }
      }
      if (!toCreate.isEmpty()) {
        admin.createTopics(toCreate).all().get(wait, TimeUnit.MILLISECONDS);
        LOG.info("created topics {}", toCreate.stream().map(n -> n.name() + ":" + n.numPartitions()).toList());
      }
      Map<String, TopicDescription> described = admin.describeTopics(topics.stream().map(TopicSpec::name).toList())
          .allTopicNames().get(wait, TimeUnit.MILLISECONDS);
      Map<String, NewPartitions> grow = new LinkedHashMap<>();
      Map<String, Integer> counts = new LinkedHashMap<>();
      for (TopicSpec t : topics) {
        int actual = described.get(t.name()).partitions().size();
        if (actual < t.partitions()) {
          grow.put(t.name(), NewPartitions.increaseTo(t.partitions()));
          actual = t.partitions();
        } else if (actual > t.partitions()) {
          LOG.warn("topic {} has {} partitions, more than the configured {}; Kafka cannot remove partitions",
              t.name(), actual, t.partitions());
        }
        counts.put(t.name(), actual);
      }
      if (!grow.isEmpty()) {
        admin.createPartitions(grow).all().get(wait, TimeUnit.MILLISECONDS);
        LOG.info("added partitions: {}", grow.keySet());
      }
      return counts;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StackException("interrupted while creating Kafka topics", e);
    } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new StackException("creating Kafka topics on " + bootstrapServers() + " failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    if (server != null) {
      server.shutdown();
      server.awaitShutdown();
      server = null;
    }
  }
}
