package dev.lifeboat.store;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A new file that is flushed to disk in the background as it grows, every {@link #EVERY} bytes:
 * the publish's fsync then waits for the last few megabytes, not for the whole artifact, and the
 * disk writes the rest while pg_dump is still working. A flush that fails fails the next write
 * or the close, so a full or broken disk is still reported by the backup.
 */
final class FlushingFileStream extends OutputStream {
  static final long EVERY = 8L << 20;

  private final FileChannel channel;
  private final Path file;
  private long unflushed;
  private Thread flushing;
  private volatile IOException failed;

  FlushingFileStream(Path file) throws IOException {
    this.file = file;
    this.channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE);
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    rethrow();
    ByteBuffer buffer = ByteBuffer.wrap(b, off, len);
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
    unflushed += len;
    if (unflushed >= EVERY && (flushing == null || !flushing.isAlive())) {
      unflushed = 0;
      flushing = new Thread(this::toDisk, "lifeboat-flush " + file.getFileName());
      flushing.setDaemon(true);
      flushing.start();
    }
  }

  private void toDisk() {
    try {
      channel.force(false);
    } catch (IOException e) {
      failed = e;
    }
  }

  @Override
  public void close() throws IOException {
    try {
      if (flushing != null) {
        flushing.join();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while flushing " + file);
    } finally {
      channel.close();
    }
    rethrow();
  }

  private void rethrow() throws IOException {
    IOException e = failed;
    if (e != null) {
      throw new IOException("could not flush " + file + " to disk: " + e.getMessage(), e);
    }
  }
}
