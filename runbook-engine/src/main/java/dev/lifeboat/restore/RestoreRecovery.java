package dev.lifeboat.restore;

import dev.lifeboat.backup.BackupCatalog;
import dev.lifeboat.backup.BackupRecord;
import dev.lifeboat.postgres.DatabaseAdmin;
import dev.lifeboat.run.RunInfo;
import dev.lifeboat.target.ConnectionInfo;
import dev.lifeboat.target.Target;
import dev.lifeboat.target.TargetDatabase;
import dev.lifeboat.verify.ScratchServer;
import dev.lifeboat.verify.ScratchServers;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * At start, tidies what a restore, verify or drill run left when the process died under it, and
 * says what it did, for the channel: a target left read-only is reopened, a swap stopped between
 * its two renames is undone, half-restored copies and scratch databases are dropped. It never
 * throws: a server it cannot reach becomes a line saying what is left to check by hand.
 */
public final class RestoreRecovery {
  private final BackupCatalog catalog;
  private final Optional<ScratchServers> scratchServers;

  public RestoreRecovery(BackupCatalog catalog) {
    this.catalog = catalog;
    this.scratchServers = Optional.empty();
  }

  /** Knows that scratch copies without a verify_server may have been in a local cluster. */
  public RestoreRecovery(BackupCatalog catalog, ScratchServers scratchServers) {
    this.catalog = catalog;
    this.scratchServers = Optional.of(scratchServers);
  }

  /** What was tidied after {@code run}; empty when it left nothing behind. */
  public List<String> recover(RunInfo run, Target target) {
    List<String> lines = new ArrayList<>();
    switch (run.runbook()) {
      case "restore" -> {
        restore(run, target, lines);
        scratch(run, target, lines);
      }
      case "verify", "drill" -> {
        if (!inLocalCluster(run, target)) {
          scratch(run, target, lines);
        }
      }
      default -> {
        // other runbooks create no databases and stop no writes
      }
    }
    return lines;
  }

  private void restore(RunInfo run, Target target, List<String> lines) {
    String database = target.connection().database();
    String copy = RestoreNames.restoreCopy(database, run.id());
    try (DatabaseAdmin admin = DatabaseAdmin.connect(target.name(), target.connection())) {
      if (!admin.exists(database) && !undoHalfSwap(run, admin, database, copy, lines)) {
        return;
      }
      if (!admin.allowsConnections(database).orElse(true)) {
        // The swap closes the target before its first rename; a kill in between left it so.
        admin.allowConnections(database, true);
        lines.add("let connections into " + database + " again (" + run.ref() + " had closed it "
            + "for its swap)");
      }
      reopenKept(admin, database, lines);
      boolean writable = thaw(run, target, admin, database, lines);
      if (admin.exists(copy)) {
        admin.drop(copy);
        lines.add("dropped " + copy + ", the unfinished restored copy of " + run.ref());
      }
      if (!lines.isEmpty()) {
        lines.add(check(target, database, writable));
      }
    } catch (SQLException | RuntimeException | InterruptedException e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      lines.add("could not tidy after " + run.ref() + " on " + where(target.connection()) + " ("
          + reason(e) + "). Check by hand: " + database + " may still be read-only (ALTER "
          + "DATABASE " + DatabaseAdmin.quote(database) + " RESET default_transaction_read_only;) "
          + "and " + copy + " may be left over (DROP DATABASE " + DatabaseAdmin.quote(copy) + ";)");
    }
  }

  /**
   * The target's name is free: the swap renamed the original away and died before the restored
   * copy took its place. The original is the one kept copy still closed to connections.
   *
   * @return whether the target exists again, so tidying can go on
   */
  private static boolean undoHalfSwap(RunInfo run, DatabaseAdmin admin, String database,
      String copy, List<String> lines) throws SQLException, InterruptedException {
    List<String> closed = new ArrayList<>();
    for (String name : admin.namesStartingWith(RestoreNames.keptPrefix(database))) {
      if (!admin.allowsConnections(name).orElse(true)) {
        closed.add(name);
      }
    }
    if (closed.size() != 1) {
      lines.add("there is no database " + database + " on " + admin.where() + ": " + run.ref()
          + " stopped during its swap. The restored data is in " + copy + " (if it exists), the "
          + "previous data in " + (closed.isEmpty() ? "a " + RestoreNames.keptPrefix(database)
              + "* database" : "one of " + String.join(", ", closed)) + ". Rename the one you "
          + "want back: ALTER DATABASE <name> RENAME TO " + DatabaseAdmin.quote(database)
          + "; ALTER DATABASE " + DatabaseAdmin.quote(database) + " WITH ALLOW_CONNECTIONS true;");
      return false;
    }
    String original = closed.get(0);
    admin.rename(original, database);
    admin.allowConnections(database, true);
    lines.add("put " + database + " back: " + run.ref() + " stopped during its swap, after "
        + "renaming it to " + original);
    return true;
  }

  /** A swap that died after its renames leaves the kept copy closed to connections. */
  private static void reopenKept(DatabaseAdmin admin, String database, List<String> lines)
      throws SQLException {
    for (String name : admin.namesStartingWith(RestoreNames.keptPrefix(database))) {
      if (!admin.allowsConnections(name).orElse(true)) {
        admin.allowConnections(name, true);
        lines.add("opened " + name + " (the database " + database + " was before its restore) "
            + "to connections again; it stays read-only");
      }
    }
  }

  /**
   * Says only what is true now: a session opened on the target as applications open theirs
   * must connect and (unless it stays read-only on purpose) be able to write.
   */
  private static String check(Target target, String database, boolean writable) {
    try (Connection c = TargetDatabase.connect(target.name(), target.connection())) {
      if (!writable) {
        return "checked: " + database + " accepts connections (and stays read-only, see above)";
      }
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        // A temporary table is a write PostgreSQL refuses in a read-only session, and it
        // touches none of the application's data; rolled back at once.
        s.execute("CREATE TEMPORARY TABLE lifeboat_write_check (x int)");
      } finally {
        c.rollback();
      }
      return "checked: " + database + " accepts connections and writes again";
    } catch (SQLException | RuntimeException e) {
      return "but " + database + " still does not accept " + (writable ? "writes" : "connections")
          + " (" + reason(e) + "). Check by hand: ALTER DATABASE " + DatabaseAdmin.quote(database)
          + " WITH ALLOW_CONNECTIONS true; ALTER DATABASE " + DatabaseAdmin.quote(database)
          + " RESET default_transaction_read_only;";
    }
  }

  /** @return whether the target should now accept writes */
  private boolean thaw(RunInfo run, Target target, DatabaseAdmin admin, String database,
      List<String> lines) throws SQLException {
    if (!admin.readOnlyByDefault(database)) {
      return true;
    }
    boolean inPlace = RestoreMode.IN_PLACE.label().equals(run.params().get("mode"));
    // An in-place restore starts only once its safety backup is published: without one,
    // the target was never touched; with one, it may hold a mix of old and restored data.
    Optional<BackupRecord> safety = inPlace ? safetyBackup(run, target) : Optional.empty();
    if (safety.isPresent()) {
      lines.add(database + " stays read-only: " + run.ref() + " may have stopped part way "
          + "through restoring it in place. Check it, then go back with /restore "
          + safety.get().id() + " " + target.name() + " in-place, or accept it as it is: "
          + "ALTER DATABASE " + DatabaseAdmin.quote(database) + " RESET default_transaction_read_only;");
      return false;
    }
    admin.resetReadOnly(database);
    lines.add("let writes into " + database + " again (" + run.ref() + " had stopped them)");
    return true;
  }

  private Optional<BackupRecord> safetyBackup(RunInfo run, Target target) {
    return catalog.list(Optional.of(target.name()), 50).stream()
        .filter(b -> b.manifest().runId() == run.id()).findFirst();
  }

  /**
   * Whether the run's scratch copy went into a local cluster, which went with the process that
   * started it (and is removed by {@link ScratchServers#removeLeftovers()}): then there is
   * nothing to look for on the target's server, and production is not touched for it.
   */
  private boolean inLocalCluster(RunInfo run, Target target) {
    if (scratchServers.isEmpty() || target.verifyServer().isPresent()) {
      return false;
    }
    String backup = run.params().get("backup");
    int major;
    try {
      major = backup == null ? 0 : dev.lifeboat.postgres.DumpVersion.major(
          catalog.find(backup).manifest().serverVersion());
    } catch (RuntimeException gone) {
      // the backup left the catalog: look on the target's server to be safe
      return false;
    }
    return major > 0 && scratchServers.get().describe(target, major).kind()
        == ScratchServer.Kind.LOCAL;
  }

  /** A verify or drill run's scratch database, on the verification server. */
  private static void scratch(RunInfo run, Target target, List<String> lines) {
    String scratch = RestoreNames.verifyScratch(run.id());
    ConnectionInfo server = target.verificationConnection(scratch);
    try (DatabaseAdmin admin = DatabaseAdmin.connect(target.name(), server)) {
      if (admin.exists(scratch)) {
        admin.drop(scratch);
        lines.add("dropped " + scratch + ", the scratch database of " + run.ref());
      }
    } catch (SQLException | RuntimeException | InterruptedException e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      lines.add("could not check for " + run.ref() + "'s scratch database on " + where(server)
          + " (" + reason(e) + "); if " + scratch + " is there, drop it: DROP DATABASE "
          + DatabaseAdmin.quote(scratch) + ";");
    }
  }

  private static String where(ConnectionInfo c) {
    return c.host() + ":" + c.port();
  }

  private static String reason(Exception e) {
    if (e instanceof SQLException s) {
      return DatabaseAdmin.firstLine(s);
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
