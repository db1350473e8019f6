package dev.lifeboat.verify;

import dev.lifeboat.postgres.DatabaseAdmin;
import dev.lifeboat.LifeboatException;
import dev.lifeboat.access.Names;
import dev.lifeboat.runbook.Step;
import dev.lifeboat.runbook.StepContext;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code prisma.migrate-status}: when the restored copy has Prisma's {@code _prisma_migrations}
 * table, counts the finished migrations and fails on any that never finished (finished_at and
 * rolled_back_at both null): the data was dumped while a migration was failing or running, and
 * the application would refuse to start on it until someone resolves that.
 */
public final class PrismaMigrations implements Step {
  /** The plan parameter that decides what an unfinished migration does. */
  public static final String PARAM = "migrations";
  /** Asked for explicitly ({@code /restore ... allow-unfinished-migrations}): a warning only. */
  public static final String ALLOW_UNFINISHED = "allow-unfinished";

  private static final String TABLE = "_prisma_migrations";
  private static final int SHOWN_NAME = 100;
  private static final int SHOWN = 3;

  @Override
  public void execute(StepContext context) throws SQLException {
    RestoredDatabase restored = Shared.restored(context);
    Findings findings = Shared.findings(context);
    int finished = 0;
    List<String> unfinished = new ArrayList<>();
    try (Connection c = RestoredSql.connectReadOnly(context, restored)) {
      // Unqualified: Prisma creates it in the schema its connection uses, found by search_path.
      if (!RestoredSql.exists(c, TABLE)) {
        context.log("no " + TABLE + " table");
        return;
      }
      try (PreparedStatement s = c.prepareStatement("SELECT migration_name, "
          + "finished_at IS NOT NULL, rolled_back_at IS NOT NULL FROM " + TABLE
          + " ORDER BY started_at, migration_name");
          RestoredSql.Hook hook = RestoredSql.cancelOnCancel(s, context.cancellation());
          ResultSet r = s.executeQuery()) {
        while (r.next()) {
          boolean done = r.getBoolean(2);
          boolean rolledBack = r.getBoolean(3);
          if (done && !rolledBack) {
            finished++;
          } else if (!done && !rolledBack) {
            unfinished.add(Names.text(r.getString(1), SHOWN_NAME));
          }
        }
      } catch (SQLException e) {
        context.cancellation().throwIfCancelled();
        throw new LifeboatException("Reading " + TABLE + " in the restored copy failed: "
            + DatabaseAdmin.firstLine(e) + ". Is it Prisma's migration table?", e);
      }
    }
    findings.migrations(finished);
    boolean allowed = context.param(PARAM).filter(ALLOW_UNFINISHED::equals).isPresent();
    if (allowed && !unfinished.isEmpty()) {
      unfinished.forEach(name -> findings.note("migration " + name + " never finished (failed "
          + "or interrupted); restored anyway, as asked (" + PARAM + ": " + ALLOW_UNFINISHED
          + ")"));
      context.log("warning: " + unfinished.size() + " unfinished Prisma migration"
          + (unfinished.size() == 1 ? "" : "s") + " (" + String.join(", ", unfinished.subList(0,
              Math.min(SHOWN, unfinished.size()))) + "), let through as the request asked; "
          + "resolve with prisma migrate resolve before the application starts");
      return;
    }
    unfinished.forEach(name -> findings.problem("migration " + name
        + " never finished (failed or interrupted)"));
    if (!unfinished.isEmpty()) {
      throw new LifeboatException("Backup " + Shared.backup(context).id() + " holds "
          + unfinished.size() + " Prisma migration" + (unfinished.size() == 1 ? "" : "s")
          + " that never finished (failed or interrupted): "
          + String.join(", ", unfinished.subList(0, Math.min(SHOWN, unfinished.size())))
          + (unfinished.size() > SHOWN ? " and " + (unfinished.size() - SHOWN) + " more" : "")
          + ". The application may refuse to start on it until that is resolved (prisma migrate "
          + "resolve); prefer a backup from before the migration (/backup list), or restore it "
          + "anyway with /restore ... allow-unfinished-migrations.");
    }
    context.log(finished + " Prisma migrations finished");
  }
}
