package dev.lifeboat.postgres;

import dev.lifeboat.LifeboatException;
import dev.lifeboat.Messages;
import dev.lifeboat.encryption.DecryptionFailedException;
import dev.lifeboat.encryption.MissingKeyException;
import dev.lifeboat.process.ToolRun;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Copies a streamed archive into a tool's standard input on a thread of its own, so the tool's
 * output and errors are read meanwhile. Its failure says more than the tool's: a decryption or
 * download error first shows up to pg_restore as an archive that ends too soon.
 */
final class Feeder {
  private static final int BUFFER = 1 << 16;

  private final Thread thread;
  private final AtomicReference<IOException> failure = new AtomicReference<>();
  private volatile boolean done;

  private Feeder(Thread thread) {
    this.thread = thread;
  }

  static Feeder start(ToolRun run, ArchiveInput input) {
    if (!(input instanceof ArchiveInput.Streamed streamed)) {
      return new Feeder(null);
    }
    Feeder[] self = new Feeder[1];
    Thread t = new Thread(() -> self[0].feed(streamed, run.stdin()), "lifeboat-pg-restore-feed");
    t.setDaemon(true);
    self[0] = new Feeder(t);
    t.start();
    return self[0];
  }

  private void feed(ArchiveInput.Streamed input, OutputStream stdin) {
    try (OutputStream out = stdin; InputStream in = input.opener().open()) {
      byte[] buffer = new byte[BUFFER];
      int n;
      while ((n = in.read(buffer)) != -1) {
        out.write(buffer, 0, n);
      }
      done = true;
    } catch (IOException e) {
      failure.set(e);
    }
  }

  /**
   * Waits for the copy and reports a failure of the stream (not a tool that stopped reading
   * early, as {@code pg_restore --list} does once it has the contents).
   */
  void finish(int exit) throws InterruptedException {
    if (thread == null) {
      return;
    }
    thread.join();
    IOException e = failure.get();
    if (e == null || done) {
      return;
    }
    if (e instanceof DecryptionFailedException || e instanceof MissingKeyException) {
      throw new LifeboatException("the artifact cannot be decrypted: " + e.getMessage(), e);
    }
    String message = Messages.firstLine(String.valueOf(e.getMessage()));
    if (message.contains("Broken pipe") || message.contains("Stream closed")) {
      return; // the tool stopped reading: its exit code and stderr say why, or that it is done
    }
    throw new LifeboatException("reading the artifact failed: " + message, e);
  }
}
