package dev.lifeboat.postgres;

import dev.lifeboat.LifeboatException;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One set of PostgreSQL binaries on this machine, e.g. Debian's {@code /usr/lib/postgresql/15/bin}.
 *
 * @param major the major version (15 for "15.18"; for pre-10 releases such as "9.6.24" it is 9,
 *     which still orders correctly against 10 and later)
 * @param version the version as the tools print it, e.g. "15.18" or "18beta1"
 * @param binDir the directory holding the tools
 */
public record PgInstallation(int major, String version, Path binDir)
    implements dev.lifeboat.cluster.ServerBinaries {
  private static final Logger LOG = LoggerFactory.getLogger(PgInstallation.class);

  private static final Path DEBIAN_ROOT = Path.of("/usr/lib/postgresql");
  private static final Pattern VERSION =
      Pattern.compile("\\(PostgreSQL\\)\\s+(\\d+)([.0-9A-Za-z]*)");
  private static final Pattern MINOR = Pattern.compile("^\\d+\\.(\\d+)");
  private static final long VERSION_TIMEOUT_SECONDS = 15;

  /** Newest major first, then newest minor; ties broken by directory so the order is stable. */
  public static final Comparator<PgInstallation> NEWEST_FIRST =
      Comparator.comparingInt(PgInstallation::major)
          .thenComparingInt(PgInstallation::minor)
          .reversed()
          .thenComparing(installation -> installation.binDir().toString());

  public PgInstallation {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(binDir, "binDir");
    if (major <= 0 || version.isBlank()) {
      throw new IllegalArgumentException("Not a PostgreSQL version: " + major + " / " + version);
    }
    binDir = binDir.toAbsolutePath().normalize();
  }

  /**
   * The path of one of this installation's programs.
   *
   * @throws ToolVersionException if the program is not there, naming the package that brings it
   */
  public Path tool(String name) {
    Path tool = binDir.resolve(name);
    if (!Files.isRegularFile(tool) || !Files.isExecutable(tool)) {
      throw new ToolVersionException(
          "PostgreSQL "
              + version
              + " in "
              + binDir
              + " has no executable '"
              + name
              + "'. On Debian/Ubuntu install it with: apt-get install -y "
              + packageFor(name));
    }
    return tool;
  }

  /** Whether this installation has the named program. */
  public boolean hasTool(String name) {
    Path tool = binDir.resolve(name);
    return Files.isRegularFile(tool) && Files.isExecutable(tool);
  }

  /**
   * Whether a server can be created from these binaries. A client-only installation (Debian's
   * {@code postgresql-client-NN}) has pg_dump but no initdb.
   */
  public boolean hasServer() {
    return hasTool("initdb") && hasTool("postgres") && hasTool("pg_ctl");
  }

  /**
   * All installations found on this machine, newest first: every {@code /usr/lib/postgresql/NN/bin}
   * (Debian and Ubuntu) and the directory of the {@code pg_dump} on PATH if it is another one.
   * Directories whose version cannot be read are skipped with a warning; the list may be empty.
   */
  /**
   * The newest installed PostgreSQL server, for a throwaway cluster.
   *
   * @throws ToolVersionException if no PostgreSQL server is installed, saying what to install
   */
  public static PgInstallation newestServer() {
    return discover().stream()
        .filter(PgInstallation::hasServer)
        .findFirst()
        .orElseThrow(() -> new ToolVersionException(
            "No PostgreSQL server found: looked for initdb, postgres and pg_ctl in"
                + " /usr/lib/postgresql/*/bin and next to the pg_dump on PATH."
                + " Install one with: apt-get install -y postgresql"));
  }

  public static List<PgInstallation> discover() {
    List<PgInstallation> found = new ArrayList<>();
    for (Path binDir : debianBinDirs()) {
      tryAt(binDir).ifPresent(found::add);
    }
    pgDumpDirOnPath()
        .filter(dir -> found.stream().noneMatch(known -> sameDirectory(known.binDir(), dir)))
        .flatMap(PgInstallation::tryAt)
        .ifPresent(found::add);
    found.sort(NEWEST_FIRST);
    return List.copyOf(found);
  }

  /**
   * The installation in {@code binDir}, its version read from {@code pg_dump --version}, or from
   * {@code postgres --version} for server-only bundles that ship no pg_dump.
   */
  public static PgInstallation at(Path binDir) {
    Path dir = binDir.toAbsolutePath().normalize();
    if (!Files.isDirectory(dir)) {
      throw new ToolVersionException(
          "No PostgreSQL installation at " + dir + ": it is not a directory.");
    }
    Path probe = dir.resolve("pg_dump");
    if (!Files.isExecutable(probe)) {
      probe = dir.resolve("postgres");
    }
    if (!Files.isExecutable(probe)) {
      throw new ToolVersionException(
          "No PostgreSQL installation at " + dir + ": it has neither pg_dump nor postgres.");
    }
    String output = versionOutput(probe);
    return new PgInstallation(parseMajor(output), parseVersion(output), dir);
  }

  /**
   * The version in the output of a PostgreSQL tool's {@code --version}, e.g. "15.18" from
   * "pg_dump (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)".
   */
  public static String parseVersion(String versionOutput) {
    Matcher matcher = matchVersion(versionOutput);
    return matcher.group(1) + matcher.group(2);
  }

  /** The major version in the output of a PostgreSQL tool's {@code --version}, e.g. 15. */
  public static int parseMajor(String versionOutput) {
    return Integer.parseInt(matchVersion(versionOutput).group(1));
  }

  private static Matcher matchVersion(String versionOutput) {
    Matcher matcher = VERSION.matcher(versionOutput == null ? "" : versionOutput);
    if (!matcher.find()) {
      throw new LifeboatException(
          "Could not read a PostgreSQL version from \""
              + (versionOutput == null ? "" : versionOutput.strip())
              + "\"; expected something like \"pg_dump (PostgreSQL) 15.18\".");
    }
    return matcher;
  }

  /** The minor version for ordering; -1 for pre-releases such as "18beta1", which sort first. */
  private int minor() {
    Matcher matcher = MINOR.matcher(version);
    return matcher.find() ? Integer.parseInt(matcher.group(1)) : -1;
  }

  private static String packageFor(String tool) {
    boolean clientTool =
        List.of("pg_dump", "pg_dumpall", "pg_restore", "psql", "pg_isready", "pg_basebackup")
            .contains(tool);
    return clientTool ? "postgresql-client-NN" : "postgresql-NN (NN = the major version)";
  }

  private static List<Path> debianBinDirs() {
    List<Path> dirs = new ArrayList<>();
    if (!Files.isDirectory(DEBIAN_ROOT)) {
      return dirs;
    }
    try (DirectoryStream<Path> versions = Files.newDirectoryStream(DEBIAN_ROOT)) {
      for (Path version : versions) {
        Path bin = version.resolve("bin");
        if (Files.isDirectory(bin)) {
          dirs.add(bin);
        }
      }
    } catch (IOException e) {
      LOG.warn("Could not list {}: {}", DEBIAN_ROOT, e.toString());
    }
    return dirs;
  }

  /**
   * The real directory of the pg_dump on PATH. Debian's /usr/bin/pg_dump is a link to
   * postgresql-common's pg_wrapper, which dispatches to the /usr/lib/postgresql trees already
   * scanned, so a pg_dump that is really something else is ignored.
   */
  private static Optional<Path> pgDumpDirOnPath() {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String entry : path.split(Pattern.quote(File.pathSeparator))) {
      if (entry.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(entry, "pg_dump");
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        try {
          Path real = candidate.toRealPath();
          return real.getFileName().toString().equals("pg_dump")
              ? Optional.of(real.getParent())
              : Optional.empty();
        } catch (IOException e) {
          return Optional.empty();
        }
      }
    }
    return Optional.empty();
  }

  private static boolean sameDirectory(Path a, Path b) {
    try {
      return Files.isSameFile(a, b);
    } catch (IOException e) {
      return a.equals(b);
    }
  }

  private static Optional<PgInstallation> tryAt(Path binDir) {
    try {
      return Optional.of(at(binDir));
    } catch (LifeboatException e) {
      LOG.warn("Ignoring PostgreSQL binaries in {}: {}", binDir, e.getMessage());
      return Optional.empty();
    }
  }

  private static String versionOutput(Path tool) {
    Path output = null;
    try {
      // A file, not a pipe: nothing to drain, and a hung tool cannot block us past the timeout.
      output = Files.createTempFile("lifeboat-pg-version", ".txt");
      ProcessBuilder builder =
          new ProcessBuilder(List.of(tool.toString(), "--version"))
              .redirectErrorStream(true)
              .redirectOutput(output.toFile());
      // Only what a program needs to run: no tokens or passwords from Lifeboat's environment.
      builder.environment().keySet().retainAll(java.util.Set.of("PATH", "LD_LIBRARY_PATH"));
      builder.environment().put("LC_ALL", "C");
      Process process = builder.start();
      if (!process.waitFor(VERSION_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new LifeboatException(
            tool + " --version did not answer within " + VERSION_TIMEOUT_SECONDS + " s.");
      }
      String text = new String(Files.readAllBytes(output), StandardCharsets.UTF_8);
      if (process.exitValue() != 0) {
        throw new LifeboatException(
            tool + " --version failed (exit " + process.exitValue() + "): " + text.strip());
      }
      return text;
    } catch (IOException e) {
      throw new LifeboatException("Could not run " + tool + " --version: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LifeboatException("Interrupted while running " + tool + " --version.", e);
    } finally {
      if (output != null) {
        try {
          Files.deleteIfExists(output);
        } catch (IOException ignored) {
          // a leftover temp file is harmless
        }
      }
    }
  }
}
