package dev.defuse.cli.labeling;

import java.util.Arrays;

/** A growable long array (latencies, without boxing). Not thread-safe: one per annotator thread. */
final class LongList {

  private long[] values = new long[1024];
  private int size;

  void add(long v) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
    }
    values[size++] = v;
  }

  long[] toArray() {
    return Arrays.copyOf(values, size);
  }
}
