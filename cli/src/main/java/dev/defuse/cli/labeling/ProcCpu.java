package dev.defuse.cli.labeling;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** CPU seconds (user + system) of processes, from Linux {@code /proc}; NaN where it cannot be read. */
final class ProcCpu {

  /** Clock ticks per second of {@code /proc/<pid>/stat} times (USER_HZ, 100 on Linux). */
  private static final double TICKS_PER_SECOND = 100.0;
  private static final int UTIME = 13;
  private static final int STIME = 14;
  private static final int PPID = 3;

  private ProcCpu() {}

  static double seconds(long pid) {
    String[] f = fields(pid);
    return f == null ? Double.NaN : (Long.parseLong(f[UTIME]) + Long.parseLong(f[STIME])) / TICKS_PER_SECOND;
  }

  /** The process and its direct children (e.g. the PostgreSQL postmaster and its backends). */
  static double secondsWithChildren(long pid) {
    double total = seconds(pid);
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      for (Path p : (Iterable<Path>) procs::iterator) {
        String name = p.getFileName().toString();
        if (!name.chars().allMatch(Character::isDigit)) {
          continue;
        }
        String[] f = fields(Long.parseLong(name));
        if (f != null && Long.parseLong(f[PPID]) == pid) {
          total += (Long.parseLong(f[UTIME]) + Long.parseLong(f[STIME])) / TICKS_PER_SECOND;
        }
      }
    } catch (IOException e) {
      return Double.NaN;
    }
    return total;
  }

  /** Fields of /proc/pid/stat with the command name (which may contain spaces) collapsed. */
  private static String[] fields(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      int close = stat.lastIndexOf(')');
      String[] rest = stat.substring(close + 2).split(" ");
      String[] f = new String[rest.length + 2];
      f[0] = Long.toString(pid);
      f[1] = stat.substring(stat.indexOf('(') + 1, close);
      System.arraycopy(rest, 0, f, 2, rest.length);
      return f;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
