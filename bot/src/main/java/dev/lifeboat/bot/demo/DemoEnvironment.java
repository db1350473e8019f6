package dev.lifeboat.bot.demo;

import dev.lifeboat.LifeboatException;
import dev.lifeboat.cluster.LocalCluster;
import dev.lifeboat.postgres.PgInstallation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * What {@code lifeboat demo} sets up under one folder: a throwaway PostgreSQL cluster with the
 * sample shop database, a local store and the embedded state. Closing it stops the server and
 * removes the folder.
 */
public final class DemoEnvironment implements AutoCloseable {
  private final Path directory;
  private final LocalCluster cluster;
  private final boolean keep;

  private DemoEnvironment(Path directory, LocalCluster cluster, boolean keep) {
    this.directory = directory;
    this.cluster = cluster;
    this.keep = keep;
  }

  /** @param keep leave the folder (backups, state) in place after the demo ends */
  public static DemoEnvironment start(boolean keep) {
    Path directory;
    try {
      // The system temp directory is traversable by the postgres user even when we are root.
      directory = Files.createTempDirectory("lifeboat-demo-",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx--x--x")));
    } catch (IOException e) {
      throw new LifeboatException("Cannot create the demo folder: " + e.getMessage(), e);
    }
    LocalCluster cluster =
        LocalCluster.start(LocalCluster.Options.throwaway(directory.resolve("postgres"),
            PgInstallation.newestServer()));
    try {
      cluster.createDatabase("shop");
      try (Connection c = cluster.connect("shop")) {
        SampleShop.create(c);
      }
    } catch (SQLException | RuntimeException e) {
      cluster.close();
      throw new LifeboatException("The demo database could not be created: " + e.getMessage(), e);
    }
    return new DemoEnvironment(directory, cluster, keep);
  }

  public Path directory() {
    return directory;
  }

  public LocalCluster cluster() {
    return cluster;
  }

  /** The variables config/demo/lifeboat.yaml refers to. */
  public Map<String, String> environment(Map<String, String> base) {
    Map<String, String> env = new HashMap<>(base);
    env.put("LIFEBOAT_DEMO_DIR", directory.toString());
    env.put("LIFEBOAT_DEMO_PORT", Integer.toString(cluster.port()));
    env.put("LIFEBOAT_DEMO_PASSWORD", cluster.password());
    return env;
  }

  @Override
  public void close() {
    cluster.close();
    if (!keep) {
      try (var walk = Files.walk(directory)) {
        walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        // best effort: the folder is in the temp directory
      }
    }
  }
}
