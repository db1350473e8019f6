package dev.lifeboat.verify;

import dev.lifeboat.LifeboatException;
import dev.lifeboat.config.Secret;
import dev.lifeboat.cluster.LocalCluster;
import dev.lifeboat.postgres.PgInstallation;
import dev.lifeboat.postgres.PgTools;
import dev.lifeboat.target.ConnectionInfo;
import dev.lifeboat.target.Target;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses where verification restores, so that it never touches production by default: the
 * target's {@code verify_server} when one is configured; else a throwaway local cluster of the
 * target server's major version when those server binaries are installed here (started on first
 * use, reused by every later verification of this process, removed when Lifeboat closes); else,
 * said plainly, the target's own server.
 *
 * <p>Each process keeps its clusters under {@code <directory>/<pid>-<random>}; a process killed
 * before it could remove them leaves them behind, so the next start stops the servers of dead
 * processes and deletes their folders.
 */
public final class ScratchServers implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ScratchServers.class);

  private final PgTools tools;
  private final Path directory;
  /** By major version; a start may still be under way when a verification begins. */
  private final Map<Integer, CompletableFuture<Running>> clusters = new HashMap<>();
  private final java.util.Set<String> toldAboutProduction = new java.util.HashSet<>();
  private boolean closed;

  private record Running(LocalCluster cluster, Thread shutdownHook) {}

  /**
   * @param directory where local clusters live (it needs room for a restored copy of the
   *     largest target verified)
   */
  public ScratchServers(PgTools tools, Path directory) {
    this.tools = tools;
    this.directory = directory.toAbsolutePath().normalize();
  }

  /** The default place: {@code lifeboat-scratch} in the system's temporary directory. */
  public static Path defaultDirectory() {
    return Path.of(System.getProperty("java.io.tmpdir"), "lifeboat-scratch");
  }

  /**
   * Where {@code target}'s scratch restores go, for a server of {@code serverMajor}, without
   * starting anything: what {@code config check} shows.
   */
  public ScratchServer describe(Target target, int serverMajor) {
    if (target.verifyServer().isPresent()) {
      ConnectionInfo vs = target.verifyServer().get();
      return new ScratchServer(vs, ScratchServer.Kind.CONFIGURED, "the verify_server "
          + vs.host() + ":" + vs.port());
    }
    if (localServer(serverMajor).isPresent()) {
      return new ScratchServer(target.connection(), ScratchServer.Kind.LOCAL, "a throwaway "
          + "PostgreSQL " + serverMajor + " cluster on this machine, started for verification and "
          + "removed afterwards (under " + directory + ")");
    }
    return onTargetServer(target, serverMajor);
  }

  /**
   * Where {@code target}'s scratch restores go, for a server of {@code serverMajor}: a local
   * cluster is started here if it is the choice and not running yet.
   */
  public ScratchServer choose(Target target, int serverMajor) {
    ScratchServer choice = describe(target, serverMajor);
    if (choice.kind() != ScratchServer.Kind.LOCAL) {
      return choice;
    }
    CompletableFuture<Running> starting = starting(serverMajor);
    LocalCluster cluster;
    try {
      cluster = starting.join().cluster();
    } catch (CompletionException e) {
      synchronized (this) {
        // A failed start is not remembered: the next verification tries again.
        clusters.remove(serverMajor, starting);
      }
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
    ConnectionInfo local = new ConnectionInfo(cluster.host(), cluster.port(), "postgres",
        cluster.superuser(), Optional.of(Secret.of(cluster.password(), "local scratch cluster")),
        Map.of());
    return new ScratchServer(local, ScratchServer.Kind.LOCAL, "a throwaway PostgreSQL "
        + cluster.installation().version() + " cluster on this machine (" + cluster.host() + ":"
        + cluster.port() + "), removed afterwards");
  }

  /**
   * Starts, in the background, the local cluster a verification of {@code target} that has
   * just begun will restore into, so that initdb and the server's start overlap with the
   * checksum and the table of contents. Does nothing when the scratch restore goes elsewhere.
   */
  public void prepare(Target target, int serverMajor) {
    if (describe(target, serverMajor).kind() == ScratchServer.Kind.LOCAL) {
      try {
        starting(serverMajor);
      } catch (LifeboatException shuttingDown) {
        // nothing to prepare for
      }
    }
  }

  private synchronized CompletableFuture<Running> starting(int serverMajor) {
    if (closed) {
      throw new LifeboatException("Lifeboat is shutting down; no new verification starts.");
    }
    return clusters.computeIfAbsent(serverMajor, major -> {
      PgInstallation installation = localServer(major).orElseThrow();
      return CompletableFuture.supplyAsync(() -> start(installation), task -> Thread.ofPlatform()
          .name("lifeboat-scratch-start").daemon().start(task));
    });
  }

  /**
   * Whether this is the first scratch restore of {@code target} on its own server in this
   * process, so the verification report says it once rather than every time.
   */
  synchronized boolean firstTimeOnProduction(Target target) {
    return toldAboutProduction.add(target.name());
  }

  private ScratchServer onTargetServer(Target target, int serverMajor) {
    ConnectionInfo c = target.connection();
    return new ScratchServer(c, ScratchServer.Kind.TARGET_SERVER, "the target's own server "
        + c.host() + ":" + c.port() + ", next to production (no verify_server is configured and "
        + "no PostgreSQL " + serverMajor + " server is installed where Lifeboat runs). There, user "
        + c.user() + " needs CREATEDB (ALTER ROLE " + dev.lifeboat.postgres.DatabaseAdmin.quote(
            c.user()) + " CREATEDB;) and the server needs free disk for a full copy of the "
        + "database while it is checked. To keep verification off production, set targets."
        + target.name() + ".verify_server, or install postgresql-" + serverMajor + " here");
  }

  private Optional<PgInstallation> localServer(int serverMajor) {
    return tools.installations().stream()
        .filter(i -> i.major() == serverMajor && i.hasServer())
        .findFirst();
  }

  private Running start(PgInstallation installation) {
    removeLeftovers();
    Path own = directory.resolve(ProcessHandle.current().pid() + "-"
        + UUID.randomUUID().toString().substring(0, 8));
    long started = System.nanoTime();
    LocalCluster cluster = LocalCluster.start(LocalCluster.Options.throwaway(own, installation));
    Thread hook = cluster.shutdownHook();
    Runtime.getRuntime().addShutdownHook(hook);
    LOG.info("Local PostgreSQL {} for scratch restores started in {} ms", installation.version(),
        (System.nanoTime() - started) / 1_000_000);
    return new Running(cluster, hook);
  }

  /** Clusters of processes that died before they could remove them: stopped and deleted. */
  public synchronized void removeLeftovers() {
    if (!Files.isDirectory(directory)) {
      return;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        int dash = name.indexOf('-');
        if (dash <= 0 || !name.substring(0, dash).matches("\\d+")) {
          continue;
        }
        long owner = Long.parseLong(name.substring(0, dash));
        if (ProcessHandle.of(owner).map(ProcessHandle::isAlive).orElse(false)) {
          continue;
        }
        stopServerIn(entry);
        deleteRecursively(entry);
        LOG.info("Removed the scratch cluster {} of process {}, which is gone", entry, owner);
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("Could not look for scratch clusters left in {}: {}", directory, e.getMessage());
    }
  }

  /** The postmaster.pid file's first line is the server's pid. */
  private static void stopServerIn(Path clusterDirectory) throws IOException {
    Path pidFile = clusterDirectory.resolve("data/postmaster.pid");
    if (!Files.isRegularFile(pidFile)) {
      return;
    }
    String first = Files.readAllLines(pidFile).stream().findFirst().orElse("").strip();
    if (!first.matches("\\d+")) {
      return;
    }
    Optional<ProcessHandle> server = ProcessHandle.of(Long.parseLong(first))
        .filter(p -> p.info().command().map(c -> c.endsWith("/postgres")).orElse(false));
    server.ifPresent(p -> {
      // SIGTERM: PostgreSQL's "smart" shutdown; its sessions were the dead process's.
      p.destroy();
      p.onExit().orTimeout(30, java.util.concurrent.TimeUnit.SECONDS).exceptionally(e -> null)
          .join();
    });
  }

  private static void deleteRecursively(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** Stops and removes every cluster this process started. */
  @Override
  public void close() {
    List<CompletableFuture<Running>> all;
    synchronized (this) {
      closed = true;
      all = List.copyOf(clusters.values());
      clusters.clear();
    }
    for (CompletableFuture<Running> f : all) {
      Running r;
      try {
        // A start under way is waited for, so its server is stopped, not left behind.
        r = f.join();
      } catch (CompletionException failed) {
        continue;
      }
      try {
        Runtime.getRuntime().removeShutdownHook(r.shutdownHook());
      } catch (IllegalStateException shuttingDown) {
        // the hook runs anyway; close() is idempotent
      }
      long started = System.nanoTime();
      r.cluster().close();
      LOG.info("Local PostgreSQL for scratch restores stopped and removed in {} ms",
          (System.nanoTime() - started) / 1_000_000);
    }
  }
}
