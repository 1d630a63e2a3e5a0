package dev.defuse.dpgmm;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;

/**
 * Row-parallel execution over a fixed partition of rows into blocks.
 *
 * <p>The partition depends only on the row count (never on the thread count) and callers reduce the per-block
 * results in block order, so floating-point sums — and therefore whole fits — are identical for any parallelism.
 */
final class RowBlocks implements AutoCloseable {

  /** Rows per block: large enough to amortise task overhead, small enough to balance two to a few dozen cores. */
  static final int BLOCK_ROWS = 1024;

  /** Work on rows [start, end) of one block. */
  @FunctionalInterface
  interface BlockTask<T> {
    T apply(int block, int start, int end);
  }

  private final int rows;
  private final int blockCount;
  private final ForkJoinPool pool;

  RowBlocks(int rows, int parallelism) {
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be >= 1, got " + parallelism);
    }
    this.rows = rows;
    this.blockCount = Math.max(1, (rows + BLOCK_ROWS - 1) / BLOCK_ROWS);
    this.pool = parallelism == 1 || blockCount == 1 ? null : new ForkJoinPool(Math.min(parallelism, blockCount));
  }

  int blockCount() {
    return blockCount;
  }

  /** Runs {@code task} on every block and returns the results in block order. */
  <T> List<T> map(BlockTask<T> task) {
    List<T> results = new ArrayList<>(blockCount);
    if (pool == null) {
      for (int b = 0; b < blockCount; b++) {
        results.add(task.apply(b, start(b), end(b)));
      }
      return results;
    }
    List<Callable<T>> calls = new ArrayList<>(blockCount);
    for (int b = 0; b < blockCount; b++) {
      int block = b;
      calls.add(() -> task.apply(block, start(block), end(block)));
    }
    for (Future<T> future : pool.invokeAll(calls)) {
      results.add(join(future));
    }
    return results;
  }

  /** Runs {@code task} on every block for its side effects (writes to disjoint row ranges). */
  void run(BlockTask<?> task) {
    map(task);
  }

  private int start(int block) {
    return block * BLOCK_ROWS;
  }

  private int end(int block) {
    return Math.min(rows, (block + 1) * BLOCK_ROWS);
  }

  private static <T> T join(Future<T> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while fitting", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(cause);
    }
  }

  @Override
  public void close() {
    if (pool != null) {
      pool.shutdownNow();
    }
  }
}
