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
 * @param verifyServer where verification restores scratch copies; the target's own server when
 *     empty (never the target database itself)
 */
public record Target(
    String name, ConnectionInfo connection, List<String> criticalTables, Duration rpo,
    Duration rto, List<String> stores, List<String> checks, Optional<ConnectionInfo> verifyServer) {

  public Target {
    criticalTables = List.copyOf(criticalTables);
    stores = List.copyOf(stores);
    checks = List.copyOf(checks);
  }

  public String primaryStore() {
    return stores.get(0);
  }

  /** A database on the verification server, for scratch restores. */
  public ConnectionInfo verificationConnection(String database) {
    return verifyServer.orElse(connection).withDatabase(database);
  }
}
