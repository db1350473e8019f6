package dev.lifeboat.store;

import dev.lifeboat.backup.BackupManifest;
import dev.lifeboat.backup.Manifests;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * A store in a local directory: {@code <root>/<target>/<backup-id>/} holds the artifact and
 * {@code manifest.json}. A backup is written under {@code .partial-r<run>-<backup-id>} and renamed
 * into place after its manifest is on disk, so a reader never sees half of one; the run in the
 * name says whose it is, so recovery removes only what a dead run left.
 */
public final class LocalDirectoryStore implements Store {
  static final String MANIFEST = "manifest.json";
  static final String ARTIFACT = "backup.pgdump";
  static final String DIRECTORY_ARTIFACT = "backup.dir";
  private static final String PARTIAL = ".partial-";

  private final String name;
  private final Path root;

  public LocalDirectoryStore(String name, Path root) {
    this.name = name;
    this.root = root.toAbsolutePath().normalize();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String describe() {
    return name + " (" + root + ")";
  }

  public Path root() {
    return root;
  }

  @Override
  public PendingBackup begin(String target, String backupId, long runId) {
    Path targetDir = root.resolve(target);
    Path partial = targetDir.resolve(partialPrefix(runId) + backupId);
    Path finalDir = targetDir.resolve(backupId);
    if (Files.exists(finalDir)) {
      throw new StoreException("Store " + name + " already holds a backup " + backupId + ".");
    }
    try {
      Files.createDirectories(partial);
      return new LocalPending(partial, finalDir);
    } catch (IOException e) {
      throw unavailable("cannot write to", e);
    }
  }

  private final class LocalPending implements PendingBackup {
    private final Path partial;
    private final Path finalDir;
    private OutputStream out;
    private boolean published;

    LocalPending(Path partial, Path finalDir) {
      this.partial = partial;
      this.finalDir = finalDir;
    }

    @Override
    public OutputStream artifact() {
      if (out == null) {
        try {
          out = new FlushingFileStream(partial.resolve(ARTIFACT));
        } catch (IOException e) {
          throw unavailable("cannot write to", e);
        }
      }
      return out;
    }

    @Override
    public OutputStream file(String fileName) {
      try {
        return Files.newOutputStream(partial.resolve(fileName), StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE);
      } catch (IOException e) {
        throw unavailable("cannot write to", e);
      }
    }

    @Override
    public Path directory() {
      return partial.resolve(DIRECTORY_ARTIFACT);
    }

    @Override
    public void publish(BackupManifest manifest) {
      try {
        Path artifact = partial.resolve(manifest.artifact());
        if (out != null) {
          out.close();
        }
        if (Files.isDirectory(artifact)) {
          // pg_dump syncs the files it wrote (unless --no-sync); the directory entry is ours.
          fsyncDirectory(artifact);
        } else {
          fsync(artifact);
        }
        Path manifestFile = partial.resolve(MANIFEST);
        Files.write(manifestFile, Manifests.toPrettyJson(manifest),
            StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        fsync(manifestFile);
        fsyncDirectory(partial);
        try {
          Files.move(partial, finalDir, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
          throw new StoreException("Store " + name + " cannot rename atomically at " + root
              + "; put the store on a local file system.");
        }
        fsyncDirectory(finalDir.getParent());
        published = true;
      } catch (IOException e) {
        throw unavailable("could not publish backup " + manifest.id() + " to", e);
      }
    }

    @Override
    public void close() {
      if (published) {
        return;
      }
      try {
        if (out != null) {
          out.close();
        }
      } catch (IOException ignored) {
        // the directory is removed below; a close failure changes nothing
      }
      deleteRecursively(partial);
    }
  }

  @Override
  public List<BackupManifest> manifests() {
    List<BackupManifest> result = new ArrayList<>();
    if (!Files.isDirectory(root)) {
      return result;
    }
    try (DirectoryStream<Path> targets = Files.newDirectoryStream(root, Files::isDirectory)) {
      for (Path targetDir : targets) {
        try (DirectoryStream<Path> backups = Files.newDirectoryStream(targetDir,
            p -> Files.isDirectory(p) && !p.getFileName().toString().startsWith("."))) {
          for (Path backup : backups) {
            Path manifest = backup.resolve(MANIFEST);
            if (Files.isRegularFile(manifest)) {
              result.add(Manifests.read(manifest));
            }
          }
        }
      }
    } catch (IOException e) {
      throw unavailable("cannot list", e);
    }
    result.sort(Comparator.comparing(BackupManifest::finishedAt));
    return result;
  }

  @Override
  public InputStream openArtifact(BackupManifest manifest) {
    Path file = artifactPath(manifest);
    if (Files.isDirectory(file)) {
      throw new IllegalArgumentException("backup " + manifest.id() + " is a directory; read it "
          + "with localPath");
    }
    return open(manifest, file, "artifact");
  }

  @Override
  public InputStream openFile(BackupManifest manifest, String fileName) {
    return open(manifest, artifactPath(manifest).resolveSibling(fileName), fileName);
  }

  private InputStream open(BackupManifest manifest, Path file, String what) {
    try {
      return Files.newInputStream(file);
    } catch (NoSuchFileException e) {
      throw new StoreException("Backup " + manifest.id() + " is listed but its " + what + " is "
          + "missing from store " + name + " (" + file + ").");
    } catch (IOException e) {
      throw unavailable("cannot read", e);
    }
  }

  @Override
  public Optional<Path> localPath(BackupManifest manifest) {
    Path file = artifactPath(manifest);
    if (!Files.isRegularFile(file) && !Files.isDirectory(file)) {
      throw new StoreException("Backup " + manifest.id() + " is listed but its artifact is "
          + "missing from store " + name + " (" + file + ").");
    }
    return Optional.of(file);
  }

  @Override
  public String writeReport(String target, String reportName, String content) {
    Path dir = root.resolve(target).resolve("reports");
    Path file = dir.resolve(reportName);
    try {
      Files.createDirectories(dir);
      Path temp = dir.resolve("." + reportName + ".tmp");
      Files.writeString(temp, content);
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return file.toString();
    } catch (IOException e) {
      throw unavailable("cannot store the report in", e);
    }
  }

  /** Where an artifact lies on disk; local tools (pg_restore) may read it directly. */
  public Path artifactPath(BackupManifest manifest) {
    return root.resolve(manifest.target()).resolve(manifest.id()).resolve(manifest.artifact());
  }

  @Override
  public void probe() {
    // A missing root is normal before the first backup (begin creates it), unless its parent
    // is missing too, which is what an unmounted volume looks like.
    Path existing = Files.isDirectory(root) ? root : root.getParent();
    if (existing == null || !Files.isDirectory(existing)) {
      throw new StoreException("Store " + name + ": " + root + " does not exist and neither does "
          + "its parent; is the volume mounted?");
    }
    if (!Files.isWritable(existing)) {
      throw new StoreException("Store " + name + ": " + existing + " is not writable by "
          + "Lifeboat's user.");
    }
  }

  @Override
  public OptionalLong freeBytes() {
    Path existing = root;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return OptionalLong.empty();
    }
    try {
      FileStore fs = Files.getFileStore(existing);
      return OptionalLong.of(fs.getUsableSpace());
    } catch (IOException e) {
      // Files.getFileStore looks the volume up in the mount table, which inside a chroot lists
      // the volumes under paths outside it ("Mount point not found"); File asks statvfs of the
      // directory itself, and says 0 when it cannot.
      long usable = existing.toFile().getUsableSpace();
      return usable > 0 ? OptionalLong.of(usable) : OptionalLong.empty();
    }
  }

  @Override
  public List<String> removeIncomplete(long runId) {
    String prefix = partialPrefix(runId);
    List<String> removed = new ArrayList<>();
    if (!Files.isDirectory(root)) {
      return removed;
    }
    try (Stream<Path> targets = Files.list(root)) {
      for (Path targetDir : targets.filter(Files::isDirectory).toList()) {
        try (Stream<Path> entries = Files.list(targetDir)) {
          for (Path p : entries.filter(p -> p.getFileName().toString().startsWith(prefix))
              .toList()) {
            deleteRecursively(p);
            removed.add(targetDir.getFileName() + "/"
                + p.getFileName().toString().substring(prefix.length()));
          }
        }
      }
    } catch (IOException e) {
      throw unavailable("cannot clean", e);
    }
    return removed;
  }

  private static String partialPrefix(long runId) {
    return PARTIAL + "r" + runId + "-";
  }

  private StoreException unavailable(String what, IOException e) {
    String reason = e.getMessage() != null && e.getMessage().contains("No space left")
        ? "it is full. Free space or remove old backups"
        : e.getClass().getSimpleName() + ": " + e.getMessage()
            + ". Check that the directory exists and Lifeboat may write there";
    return new StoreException("Store " + name + " " + what + " " + root + ": " + reason + ".", e);
  }

  private static void fsync(Path file) throws IOException {
    try (FileChannel c = FileChannel.open(file, StandardOpenOption.WRITE)) {
      c.force(true);
    }
  }

  private static void fsyncDirectory(Path dir) {
    try (FileChannel c = FileChannel.open(dir, StandardOpenOption.READ)) {
      c.force(true);
    } catch (IOException ignored) {
      // some file systems cannot sync a directory; the rename is still atomic there
    }
  }

  @Override
  public boolean delete(BackupManifest manifest) {
    Path dir = root.resolve(manifest.target()).resolve(manifest.id());
    if (!Files.isDirectory(dir)) {
      return false;
    }
    // The rename hides it from manifests() at once (they skip dot folders); a crash after it
    // leaves only a hidden folder, never something that looks like a backup.
    Path doomed = dir.resolveSibling(".deleting-" + manifest.id());
    try {
      Files.move(dir, doomed, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      deleteRecursively(doomed);
      return true;
    } catch (IOException | UncheckedIOException e) {
      throw new StoreException("Could not delete backup " + manifest.id() + " from store " + name
          + " (" + root + "): " + e.getMessage() + ". Check that Lifeboat may write there.");
    }
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
