package dev.lifeboat.restore;

import dev.lifeboat.LifeboatException;
import dev.lifeboat.postgres.DatabaseAdmin;
import dev.lifeboat.runbook.Step;
import dev.lifeboat.runbook.StepContext;
import dev.lifeboat.target.Target;
import dev.lifeboat.verify.Keys;
import dev.lifeboat.verify.RestoredDatabase;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * {@code postgres.swap}: after a side-by-side restore was checked, renames the target to
 * {@code <db>_before_<time>} (kept for rollback) and the restored copy to the target's name.
 * Applications connect by name, so they reconnect to the restored data.
 *
 * <p>Renaming needs the database to itself: connections to the target are closed first and its
 * sessions ended. If the second rename fails, the first is undone, so the target is left exactly
 * as it was. The read-only setting of the freeze belongs to the old database (settings are kept
 * per database, not per name): the kept copy stays read-only, the restored one is writable.
 */
public final class Swap implements Step {
  private final Clock clock;
  private final KeptCopies keptCopies;

  public Swap(Clock clock) {
    this.clock = clock;
    this.keptCopies = new KeptCopies(clock);
  }

  @Override
  public void execute(StepContext context) throws Exception {
    if (RestoreMode.of(context) != RestoreMode.SIDE_BY_SIDE) {
      context.log("in-place: the backup was restored into " + context.target().connection()
          .database() + " itself, nothing to swap");
      return;
    }
    Target target = context.target();
    String database = target.connection().database();
    RestoredDatabase restored = context.get(Keys.RESTORED).filter(RestoredDatabase::temporary)
        .orElseThrow(() -> new LifeboatException("Nothing to swap in: no restored copy of the "
            + "backup. Put postgres.restore before postgres.swap in the runbook."));
    String copy = restored.connection().database();
    if (copy.equals(database)) {
      throw new LifeboatException("The restored copy is " + database + " itself; nothing to swap.");
    }
    context.cancellation().throwIfCancelled();
    try (DatabaseAdmin admin = DatabaseAdmin.connect(target.name(), target.connection())) {
      String kept = keptName(admin, database);
      check(admin, database, copy);
      swap(context, admin, database, copy, kept);
      context.put(Keys.RESTORED, new RestoredDatabase(target.connection(), restored.took(),
          false));
      context.put(RestoreKeys.KEPT_AS, kept);
      context.put(RestoreKeys.REPLACED, true);
      context.log(database + " now holds the restored data; the previous database is kept as "
          + kept + " (read-only) for rollback");
    }
    // Older kept copies the policy no longer keeps go now, each said in the run's log.
    keptCopies.prune(target).forEach(context::log);
  }

  /** Refuses before anything changes when a rename could not work. */
  private static void check(DatabaseAdmin admin, String database, String copy)
      throws SQLException {
    if (!admin.exists(database)) {
      throw new LifeboatException("Database " + database + " is gone from " + admin.where()
          + "; nothing was swapped. The restored data is in " + copy + ".");
    }
    if (!admin.exists(copy)) {
      throw new LifeboatException("The restored copy " + copy + " is gone from "
          + admin.where() + "; nothing was swapped and " + database + " is unchanged.");
    }
  }

  private String keptName(DatabaseAdmin admin, String database) throws SQLException {
    Instant now = Instant.ofEpochMilli(clock.millis());
    String kept = RestoreNames.kept(database, now);
    // Two restores of one target within a second: the second waits for a free name.
    for (int i = 1; admin.exists(kept); i++) {
      kept = RestoreNames.kept(database, now.plusSeconds(i));
    }
    return kept;
  }

  private static void swap(StepContext context, DatabaseAdmin admin, String database,
      String copy, String kept) throws Exception {
    try {
      admin.allowConnections(database, false);
    } catch (SQLException e) {
      throw admin.failure("close " + database + " to new connections for the swap; nothing was "
          + "swapped", e);
    }
    try {
      admin.rename(database, kept);
    } catch (Exception e) {
      Optional<String> reopen = reopen(admin, database);
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      LifeboatException failure = e instanceof SQLException s
          ? admin.failure("rename " + database + " to " + kept + "; nothing was swapped", s)
          : new LifeboatException("Renaming " + database + " to " + kept + " failed: "
              + e.getMessage() + "; nothing was swapped.", e);
      throw reopen.map(problem -> new LifeboatException(failure.getMessage() + " " + problem,
          e)).orElse(failure);
    }
    try {
      admin.rename(copy, database);
    } catch (Exception e) {
      throw rollBack(admin, database, copy, kept, e);
    }
    try {
      admin.allowConnections(kept, true);
    } catch (SQLException e) {
      // The swap itself is done; only the rollback copy is harder to reach.
      context.log("warning: " + kept + " still refuses connections (" + DatabaseAdmin.firstLine(e)
          + "); to look into it: ALTER DATABASE " + DatabaseAdmin.quote(kept)
          + " WITH ALLOW_CONNECTIONS true;");
    }
  }

  /** Puts the original back under its name after the restored copy could not take it. */
  private static LifeboatException rollBack(DatabaseAdmin admin, String database, String copy,
      String kept, Exception cause) {
    String why = cause instanceof SQLException s ? DatabaseAdmin.firstLine(s)
        + (DatabaseAdmin.IN_USE.equals(s.getSQLState()) ? "; sessions Lifeboat's user may not "
            + "end are connected to it" : "") : String.valueOf(cause.getMessage());
    if (cause instanceof InterruptedException) {
      // Clear the flag for the renames back; it is set again once they are done.
      Thread.interrupted();
    }
    try {
      admin.rename(kept, database);
    } catch (Exception e) {
      String reason = e instanceof SQLException s ? DatabaseAdmin.firstLine(s) : e.getMessage();
      return new LifeboatException("The swap failed half way and needs a person now: "
          + database + " was renamed to " + kept + ", the restored copy " + copy
          + " could not take its name (" + why + "), and renaming it back failed too ("
          + reason + "). There is no database called " + database + " on " + admin.where()
          + ". Put the original back: ALTER DATABASE " + DatabaseAdmin.quote(kept) + " RENAME TO "
          + DatabaseAdmin.quote(database) + "; ALTER DATABASE " + DatabaseAdmin.quote(database)
          + " WITH ALLOW_CONNECTIONS true;", cause);
    }
    String problem = reopen(admin, database).map(p -> " " + p).orElse("");
    if (cause instanceof InterruptedException) {
      Thread.currentThread().interrupt();
    }
    return new LifeboatException("The restored copy " + copy + " could not be renamed to "
        + database + " (" + why + "); the swap was undone and " + database + " is as it was."
        + problem, cause);
  }

  /** Lets connections in again; says what to run by hand if that fails. */
  private static Optional<String> reopen(DatabaseAdmin admin, String database) {
    try {
      admin.allowConnections(database, true);
      return Optional.empty();
    } catch (SQLException e) {
      return Optional.of(database + " still refuses connections (" + DatabaseAdmin.firstLine(e)
          + "): ALTER DATABASE " + DatabaseAdmin.quote(database) + " WITH ALLOW_CONNECTIONS true;");
    }
  }
}
