package dev.lifeboat.backup;

import dev.lifeboat.Messages;
import dev.lifeboat.store.Store;
import dev.lifeboat.store.StoreException;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * One backup written to each of a target's stores at once, from the same stream: the primary
 * and its copies get the same bytes (so the same checksum) while pg_dump runs once. A store that
 * fails, at the start, while writing or at the publish, drops out with its reason and its
 * partial upload removed; the others go on. Only when every store has failed does writing fail.
 */
final class StoreFanOut implements AutoCloseable {
  /** A store that could not take the backup, and why. */
  record Failure(String store, String reason) {
    String describe() {
      return store + " (" + reason + ")";
    }
  }

  private static final class Branch {
    final Store store;
    final Store.PendingBackup pending;
    OutputStream out;

    Branch(Store store, Store.PendingBackup pending) {
      this.store = store;
      this.pending = pending;
    }
  }

  private final List<Branch> live = new ArrayList<>();
  private final List<Branch> all = new ArrayList<>();
  private final List<Failure> failures = new ArrayList<>();
  private final OutputStream stream = new FanStream();

  private StoreFanOut() {}

  /**
   * Begins the backup in every store; those that refuse are failures already.
   *
   * @throws StoreException when none of them could begin
   */
  static StoreFanOut begin(List<Store> stores, String target, String backupId, long runId,
      long expectedBytes) {
    StoreFanOut fan = new StoreFanOut();
    for (Store store : stores) {
      try {
        Branch b = new Branch(store, store.begin(target, backupId, runId, expectedBytes));
        fan.live.add(b);
        fan.all.add(b);
      } catch (RuntimeException e) {
        fan.failures.add(new Failure(store.name(), reason(e)));
      }
    }
    if (fan.live.isEmpty()) {
      throw new StoreException("No store could take the backup: " + fan.describeFailures()
          + ". Nothing was published.");
    }
    return fan;
  }

  /** The single store's pending backup, for pg_dump's directory format (one local store). */
  Store.PendingBackup only() {
    if (all.size() != 1) {
      throw new IllegalStateException("the directory format writes to one store");
    }
    return all.get(0).pending;
  }

  Store firstStore() {
    return live.isEmpty() ? all.get(0).store : live.get(0).store;
  }

  /** Writes to every live store; closing it flushes them (the publish finishes each upload). */
  OutputStream stream() {
    return stream;
  }

  List<Failure> failures() {
    return List.copyOf(failures);
  }

  String describeFailures() {
    return String.join("; ", failures.stream().map(Failure::describe).toList());
  }

  /**
   * Publishes {@code manifest} in each store still writing.
   *
   * @return the stores that hold the backup now, primary first
   * @throws StoreException when none does
   */
  List<Store> publish(BackupManifest manifest) {
    List<Store> published = new ArrayList<>();
    for (Branch b : List.copyOf(live)) {
      try {
        b.pending.publish(manifest);
        published.add(b.store);
      } catch (RuntimeException e) {
        drop(b, e);
      }
    }
    if (published.isEmpty()) {
      throw new StoreException("No store could publish backup " + manifest.id() + ": "
          + describeFailures() + ". Nothing was published.");
    }
    return published;
  }

  /** Writes a small file beside the artifact in every store still writing. */
  void writeFile(String name, byte[] bytes) {
    for (Branch b : List.copyOf(live)) {
      try (OutputStream out = b.pending.file(name)) {
        out.write(bytes);
      } catch (IOException | RuntimeException e) {
        drop(b, e);
      }
    }
  }

  /** Records a store that failed after the publish (e.g. its copy did not read back). */
  void failed(Store store, String reason) {
    failures.add(new Failure(store.name(), reason));
  }

  private void drop(Branch b, Exception e) {
    live.remove(b);
    failures.add(new Failure(b.store.name(), reason(e)));
    try {
      b.pending.close();
    } catch (RuntimeException ignored) {
      // removeIncomplete of this run cleans what is left; the failure is already recorded
    }
  }

  private static String reason(Exception e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    String full = m.contains("No space left") ? "it is full; free space or remove old backups"
        : Messages.firstLine(m);
    return full.endsWith(".") ? full.substring(0, full.length() - 1) : full;
  }

  /** Removes what was written in the stores that did not publish. */
  @Override
  public void close() {
    for (Branch b : all) {
      b.pending.close();
    }
  }

  private final class FanStream extends OutputStream {
    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int off, int len) throws IOException {
      for (Branch b : List.copyOf(live)) {
        try {
          if (b.out == null) {
            b.out = b.pending.artifact();
          }
          b.out.write(bytes, off, len);
        } catch (IOException | RuntimeException e) {
          drop(b, e);
        }
      }
      if (live.isEmpty()) {
        throw new IOException("no store can take the rest of the backup: " + describeFailures());
      }
    }

    @Override
    public void flush() throws IOException {
      for (Branch b : List.copyOf(live)) {
        try {
          if (b.out != null) {
            b.out.flush();
          }
        } catch (IOException | RuntimeException e) {
          drop(b, e);
        }
      }
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
