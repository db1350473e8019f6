package dev.lifeboat.testing;

import dev.lifeboat.cluster.LocalCluster;
import java.util.Objects;
import java.util.UUID;

/**
 * The PostgreSQL cluster shared by a test run, injected by {@link PostgresExtension}. Tests must
 * not stop it; they create their own databases instead.
 */
public record TestPostgres(LocalCluster cluster) {

  public TestPostgres {
    Objects.requireNonNull(cluster, "cluster");
  }

  /**
   * A new, empty database with a unique name made of lowercase letters, digits and underscores, so
   * it needs no quoting anywhere. It is left in place: the cluster is deleted after the run.
   */
  public TestDatabase newDatabase() {
    String name = "test_" + UUID.randomUUID().toString().replace("-", "");
    cluster.createDatabase(name);
    return new TestDatabase(cluster, name);
  }
}
