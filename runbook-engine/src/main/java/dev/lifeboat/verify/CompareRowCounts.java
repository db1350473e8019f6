package dev.lifeboat.verify;

import dev.lifeboat.postgres.DatabaseAdmin;
import dev.lifeboat.LifeboatException;
import dev.lifeboat.backup.BackupManifest;
import dev.lifeboat.backup.TableCount;
import dev.lifeboat.runbook.Step;
import dev.lifeboat.runbook.StepContext;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code verify.row-counts}: counts every table of the manifest in the restored copy. The
 * manifest's counts were taken in the dump's own snapshot, so any difference is a real one.
 */
public final class CompareRowCounts implements Step {
  private static final int SHOWN = 3;

  @Override
  public void execute(StepContext context) throws SQLException {
    BackupManifest m = Shared.backup(context).manifest();
    RestoredDatabase restored = Shared.restored(context);
    Findings findings = Shared.findings(context);
    List<String> problems = new ArrayList<>();
    int compared = 0;
    long rows = 0;
    int total = m.tables().size();
    try (Connection c = RestoredSql.connectReadOnly(context, restored)) {
      for (int i = 0; i < total; i++) {
        context.cancellation().throwIfCancelled();
        TableCount expected = m.tables().get(i);
        String name = DatabaseAdmin.quote(expected.schema(), expected.table());
        if (!RestoredSql.exists(c, name)) {
          problems.add("table " + expected.qualifiedName() + " is missing after restore");
          continue;
        }
        long counted = count(c, name, expected.qualifiedName(), context);
        compared++;
        rows += counted;
        if (counted != expected.rows()) {
          problems.add(expected.qualifiedName() + ": " + counted + " rows, the manifest says "
              + expected.rows());
        }
        context.progress(i + 1, total, expected.qualifiedName());
      }
    }
    findings.tablesCompared(compared, rows);
    problems.forEach(findings::problem);
    if (!problems.isEmpty()) {
      throw new LifeboatException("The restored copy of " + m.id() + " does not match its "
          + "manifest: " + String.join("; ", problems.subList(0, Math.min(SHOWN, problems.size())))
          + (problems.size() > SHOWN ? "; and " + (problems.size() - SHOWN) + " more" : "")
          + ". Do not rely on this backup; use another one (/backup list) or take a new one "
          + "(/backup now).");
    }
    context.log(compared + " tables, " + rows + " rows: all as the manifest says");
  }

  private static long count(Connection c, String quotedName, String shown,
      StepContext context) {
    // Not ONLY: the dump counted the same way, inheritance children included.
    try (PreparedStatement s = c.prepareStatement("SELECT count(*) FROM " + quotedName);
        RestoredSql.Hook hook = RestoredSql.cancelOnCancel(s, context.cancellation());
        ResultSet r = s.executeQuery()) {
      r.next();
      return r.getLong(1);
    } catch (SQLException e) {
      context.cancellation().throwIfCancelled();
      throw new LifeboatException("Counting the rows of " + shown + " in the restored copy "
          + "failed: " + DatabaseAdmin.firstLine(e), e);
    }
  }
}
