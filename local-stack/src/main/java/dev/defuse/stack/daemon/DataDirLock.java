package dev.defuse.stack.daemon;

import dev.defuse.stack.StackException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** An exclusive OS file lock on the data directory: two daemons on one directory would corrupt each other's data. */
final class DataDirLock implements AutoCloseable {

  private final FileChannel channel;
  private final FileLock lock;

  private DataDirLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  static DataDirLock acquire(Path lockFile) {
    try {
      FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
          StandardOpenOption.WRITE);
      FileLock lock = channel.tryLock();
      if (lock == null) {
        String holder = new String(Files.readAllBytes(lockFile), StandardCharsets.UTF_8).trim();
        channel.close();
        throw new StackException("another stack daemon" + (holder.isEmpty() ? "" : " (pid " + holder + ")")
            + " is using " + lockFile.getParent() + "; stop it first (./defuse down)");
      }
      channel.truncate(0);
      channel.write(ByteBuffer.wrap(Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8)));
      channel.force(true);
      return new DataDirLock(channel, lock);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lock " + lockFile, e);
    }
  }

  @Override
  public void close() throws IOException {
    lock.release();
    channel.close();
  }
}
