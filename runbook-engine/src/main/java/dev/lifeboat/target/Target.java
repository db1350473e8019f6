package dev.lifeboat.target;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A database Lifeboat protects.
 *
 * @param criticalTables tables that must not be empty after a restore ("schema.table")
 * @param rpo how old the newest backup may be before someone is told (recovery point objective)
 * @param rto how long a restore may take (recovery time objective)
 * @param stores names of the stores its backups go to, first one is the primary
 * @param checks SQL assertions run against every restored copy, each returning one boolean
 * @param verifyServer where verification restores scratch copies; when empty, a throwaway local
 *     cluster or the target's own server (never the target database itself)
 * @param pooler what the config says about the connection being a pooler ({@code pooler:}),
 *     empty to go by the hints in the host and port
 * @param keepPrevious how long the databases a side-by-side restore replaced are kept
 * @param timeColumns columns that tell when a row was written, tried before the obvious
 *     {@code created_at}, {@code inserted_at} and {@code updated_at} (the loss preview's "newest
 *     order" figure)
 */
public record Target(
    String name, ConnectionInfo connection, List<String> criticalTables, Duration rpo,
    Duration rto, List<String> stores, List<String> checks, Optional<ConnectionInfo> verifyServer,
    Optional<Boolean> pooler, KeepPrevious keepPrevious, List<String> timeColumns) {

  public Target {
    criticalTables = List.copyOf(criticalTables);
    timeColumns = List.copyOf(timeColumns);
    stores = List.copyOf(stores);
    checks = List.copyOf(checks);
  }

  /** A target with only the obvious time columns. */
  public Target(String name, ConnectionInfo connection, List<String> criticalTables,
      Duration rpo, Duration rto, List<String> stores, List<String> checks,
      Optional<ConnectionInfo> verifyServer, Optional<Boolean> pooler,
      KeepPrevious keepPrevious) {
    this(name, connection, criticalTables, rpo, rto, stores, checks, verifyServer, pooler,
        keepPrevious, List.of());
  }

  /** A target with the defaults for pooler detection and kept databases. */
  public Target(String name, ConnectionInfo connection, List<String> criticalTables,
      Duration rpo, Duration rto, List<String> stores, List<String> checks,
      Optional<ConnectionInfo> verifyServer) {
    this(name, connection, criticalTables, rpo, rto, stores, checks, verifyServer,
        Optional.empty(), KeepPrevious.DEFAULT);
  }

  /**
   * Whether the connection goes through a pooler, which breaks pg_dump: what the config says,
   * else the hints (a host named like a pooler, or port 6543, Supabase's pooler port).
   */
  public boolean throughPooler() {
    return pooler.orElse(connection.looksLikePooler());
  }

  public String primaryStore() {
    return stores.get(0);
  }

  /** A database on the verification server, for scratch restores. */
  public ConnectionInfo verificationConnection(String database) {
    return verifyServer.orElse(connection).withDatabase(database);
  }
}
